package io.kith.privacy;

import io.kith.audit.AuditLog;
import io.kith.event.EventLog;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.identity.ComponentErasure;
import io.kith.identity.Extraction;
import io.kith.identity.IdentifierExtractor;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import java.time.Clock;
import java.time.Instant;

/**
 * Applies a retention policy to the log and every store, so that profiles never show data that no longer exists: the
 * events past retention become stubs in the event log and go from the store (with the quarantined records past it),
 * the profiles that held them are resolved again from what is left and the derived values follow, the space is
 * reclaimed, and the audit log is cut to its own retention. The same background worker runs it as runs erasures, once a
 * day and on demand.
 *
 * <p>Identity follows without a rebuild, by the rule erasure uses ({@link io.kith.identity.ComponentErasure}): the
 * identifiers the expired events carry lead to the profiles that held them, and those (with every component their
 * identifiers touched) are resolved again from their remaining events; the rest of the graph is not read. A profile
 * left without events is gone, with its derived values, memberships and probable links ({@link DerivedPurge}); a link
 * seen only in expired events is undone. The change feed hears of each profile taken out or made again, so the derived
 * values are computed again for those only. A full rebuild remains the fallback where the targeted removal cannot be
 * guaranteed to equal one (see {@code ComponentErasure}: identifier types the rules do not declare, or an affected event
 * not in the store yet).
 */
public final class Retention {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Retention.class.getName());
    /** Expired events read per store query, for the identifiers they carry. */
    private static final int READ_CHUNK = 20_000;

    /** What an application of the policy did. */
    public record Report(Instant at, long events, long logRecords, long quarantined, long auditEntries, long millis) {
    }

    private final EventLog log;
    private final LogRecordCodec codec;
    private final PersonalData store;
    private final EventStore events;
    private final IdentityProjection identity;
    private final AuditLog audit;
    private final Erasure.Pipeline pipeline;
    private final Clock clock;

    public Retention(EventLog log, LogRecordCodec codec, PersonalData store, EventStore events, IdentityProjection identity, AuditLog audit,
                     Erasure.Pipeline pipeline, Clock clock) {
        this.log = log;
        this.codec = codec;
        this.store = store;
        this.events = events;
        this.identity = identity;
        this.audit = audit;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    public Report apply(RetentionPolicy policy) {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        long auditEntries = policy.auditDays().map(d -> audit.deleteBefore(now.minus(java.time.Duration.ofDays(d)))).orElse(0L);
        if (policy.rules().isEmpty()) {
            return new Report(now, 0, 0, 0, auditEntries, (System.nanoTime() - t0) / 1_000_000);
        }
        pipeline.awaitProjected();
        byte[] stub = codec.encode(new LogRecord.Erased("retention"));
        EventLog.Redaction redaction = log.redact(log.endSequence(), RecordRedactor.of(codec, record -> switch (record) {
            case LogRecord.Accepted a -> policy.expired(a.event().sourceId(), a.event().type().wireName(), a.event().name(),
                    a.event().timestamp(), now) ? stub : null;
            case LogRecord.Quarantined q -> policy.rules().stream().anyMatch(r -> r.type().isEmpty() && r.event().isEmpty()
                    && r.source().map(s -> s.equals(q.event().sourceId())).orElse(true) && q.event().receivedAt().isBefore(r.cutoff(now)))
                    ? stub : null;
            case LogRecord.Erased x -> null;
        }, unreadable -> null));
        long[] expiring = store.expiredEvents(policy, now);
        Set<Identifier> carried = carriedBy(expiring); // read before they go from the store
        if (expiring.length > 0) {
            pipeline.identityErased(); // a start after a crash from here on must not take the graph from an older snapshot
        }
        PersonalData.Expired expired = store.expire(policy, now, expiring);
        if (expiring.length > 0) {
            followIdentity(new LongOpenHashSet(expiring), carried);
        }
        if (expired.events() > 0 || expired.quarantined() > 0 || redaction.replaced() > 0 || auditEntries > 0) {
            store.reclaim();
        }
        return new Report(now, expired.events(), redaction.replaced(), expired.quarantined(), auditEntries, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The identifiers the events carry, as resolution reads them. */
    private Set<Identifier> carriedBy(long[] sequences) {
        IdentifierExtractor extractor = identity.read(IdentityGraph::extractor);
        Set<Identifier> out = new HashSet<>();
        for (int from = 0; from < sequences.length; from += READ_CHUNK) {
            for (StoredEvent e : events.bySequences(Arrays.copyOfRange(sequences, from, Math.min(sequences.length, from + READ_CHUNK)))) {
                for (Extraction.Candidate c : extractor.input(e.event()).extraction().identifiers()) {
                    out.add(c.identifier());
                }
            }
        }
        return out;
    }

    /**
     * Takes the expired events out of identity: the profiles that held them resolved again, the ones left without events
     * gone with what was derived of them; a full rebuild where that cannot be done.
     */
    private void followIdentity(LongSet expired, Set<Identifier> carried) {
        ComponentErasure.Outcome o = identity.expire(carried, expired, events::bySequences);
        if (o.applied()) {
            pipeline.awaitProfilesWritten();
            Set<String> gone = identity.read(g -> {
                Set<String> ids = new LinkedHashSet<>();
                for (String id : o.removed()) {
                    if (g.canonical(id).isEmpty()) {
                        ids.add(id);
                    }
                }
                return ids;
            });
            DerivedPurge.of(store, pipeline, gone);
            LOG.info(String.format("retention: %d profiles resolved again from %d remaining events (%d gone), no rebuild", o.removed().size(),
                    o.replayed(), gone.size()));
        } else {
            LOG.info("retention: identity rebuilt in full (" + o.reason() + ")");
            pipeline.rebuildIdentity(); // the derived values follow the rebuild in the background
        }
        pipeline.identityErased();
    }
}
