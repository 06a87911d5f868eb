package io.kith.privacy;

import io.kith.event.EventLog;
import io.kith.event.EventStore;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.StoredEvent;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out one regulation, in an order that is safe to repeat from the start after a crash:
 * <ol>
 *   <li>suppress first ({@code SUPPRESS_*}): the subject ids' keyed hashes, then every identifier of the people they
 *       resolve to, go on the suppression list, so nothing more of theirs comes in while they are erased;</li>
 *   <li>wait until the store holds every event the log held then, and read who the people are now: their profiles (the
 *       ones merged into them included), identifiers and events;</li>
 *   <li>record the keys of their events' (source, messageId), so that a client's retry of one is not stored again;</li>
 *   <li>rewrite this server's event log: each of their events, each retry of one and each quarantined payload naming one
 *       of their identifiers becomes a stub naming the regulation;</li>
 *   <li>delete them from the store ({@link PersonalData}), resolve identity again without their events (their profiles,
 *       identifiers and the decisions naming them go), delete what the derived values wrote meanwhile, and reclaim the
 *       space the deleted rows held.</li>
 * </ol>
 * A subject id that resolves to no one is still suppressed (for the {@code SUPPRESS_*} types): a request may come before
 * the data. Not thread-safe: one worker runs it.
 */
public final class Erasure {
    /** What the erasure needs of the running system beside the stores. */
    public interface Pipeline {
        /** Blocks until the store holds every event the log holds now. */
        void awaitProjected();

        /** Resolves identity again from the stored events, blocking until the new graph is in force and its profiles written. */
        void rebuildIdentity();

        /** Blocks until the derived values and segment memberships have followed the rebuild. */
        void awaitDerived();
    }

    private final IdentityProjection identity;
    private final EventStore events;
    private final EventLog log;
    private final LogRecordCodec codec;
    private final Regulations ledger;
    private final PersonalData store;
    private final Suppressions suppressions;
    private final Pipeline pipeline;
    private final List<String> regions;
    private final Clock clock;

    /** @param regions the default phone regions of the sources, to read a subject's phone number written without a country code */
    public Erasure(IdentityProjection identity, EventStore events, EventLog log, LogRecordCodec codec, Regulations ledger, PersonalData store,
                   Suppressions suppressions, Pipeline pipeline, List<String> regions, Clock clock) {
        this.identity = identity;
        this.events = events;
        this.log = log;
        this.codec = codec;
        this.ledger = ledger;
        this.store = store;
        this.suppressions = suppressions;
        this.pipeline = pipeline;
        this.regions = regions;
        this.clock = clock;
    }

    /** Carries out a claimed regulation and records how it ended; answers the report. */
    public ErasureReport run(Regulations.Claimed claimed) {
        Regulation r = claimed.regulation();
        try {
            ErasureReport report = carryOut(r, claimed.subjectIds());
            ledger.finish(r.id(), report, clock.instant());
            return report;
        } catch (RuntimeException e) {
            // The reason names what failed, never the subject: the message of a store failure can quote a value.
            ledger.fail(r.id(), "the " + r.type() + " failed: " + e.getClass().getSimpleName(), clock.instant());
            throw e;
        }
    }

    private ErasureReport carryOut(Regulation r, List<String> subjectIds) {
        long t0 = System.nanoTime();
        List<Identifier> subjects = new ArrayList<>();
        for (String value : subjectIds) {
            subjects.add(normalized(r.identifierType(), value));
        }
        SubjectKeys keys = suppressions.keys();
        if (r.type() == RegulationType.UNSUPPRESS) {
            int removed = ledger.unsuppress(subjects.stream().map(keys::of).toList());
            suppressions.reload();
            return new ErasureReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, removed, millisSince(t0));
        }
        int suppressed = 0;
        if (r.type().suppresses()) {
            suppressed += ledger.suppress(r.id(), subjects.stream().map(keys::of).toList());
            suppressions.reload();
        }
        People people = resolve(subjects);
        if (r.type().suppresses()) {
            suppressed += ledger.suppress(r.id(), people.identifiers.stream().map(keys::of).toList());
            suppressions.reload();
        }
        if (!r.type().deletes()) {
            return new ErasureReport(people.found, subjects.size() - people.found, 0, 0, 0, 0, 0, 0, 0, 0, 0, suppressed, millisSince(t0));
        }
        pipeline.awaitProjected();
        people = resolve(subjects); // now with every event the log held: new ones may have linked more
        if (r.type().suppresses()) {
            suppressed += ledger.suppress(r.id(), people.identifiers.stream().map(keys::of).toList());
            suppressions.reload();
        }
        List<StoredEvent> theirs = events.bySequences(people.sequences.toLongArray());
        Set<String> messageKeys = new HashSet<>();
        Set<String> values = new LinkedHashSet<>();
        for (Identifier id : people.identifiers) {
            values.add(id.value());
        }
        for (String s : subjectIds) {
            values.add(s);
        }
        for (StoredEvent e : theirs) {
            messageKeys.add(keys.ofMessage(e.event().sourceId(), e.event().messageId()));
            addIfPresent(values, e.event().userId());
            addIfPresent(values, e.event().anonymousId());
        }
        values.removeIf(v -> v.length() < 3); // a one- or two-letter value would match any payload
        ledger.eraseMessages(r.id(), messageKeys);
        suppressions.reload();

        EventLog.Redaction redaction = log.redact(log.endSequence(), redactor(r.id(), messageKeys, values));
        PersonalData.Purged purged = store.purge(new PersonalData.Purge(people.sequences.toLongArray(), people.profileIds, values));
        pipeline.rebuildIdentity();
        pipeline.awaitDerived();
        PersonalData.Purged again = store.purge(new PersonalData.Purge(new long[0], people.profileIds, Set.of()));
        store.reclaim();
        return new ErasureReport(people.found, subjects.size() - people.found, people.profileIds.size(), people.identifiers.size(),
                purged.events(), redaction.replaced(), redaction.filesRewritten(), purged.quarantined(), purged.values() + again.values(),
                purged.memberships() + again.memberships(), purged.configurationVersions(), suppressed, millisSince(t0));
    }

    private static void addIfPresent(Set<String> values, String v) {
        if (v != null && !v.isEmpty()) {
            values.add(v);
        }
    }

    /** The people the subjects resolve to now. */
    private static final class People {
        int found;
        final Set<String> profileIds = new LinkedHashSet<>();
        final Set<Identifier> identifiers = new LinkedHashSet<>();
        final LongOpenHashSet sequences = new LongOpenHashSet();
    }

    private People resolve(List<Identifier> subjects) {
        People p = new People();
        identity.read(g -> {
            Set<String> seen = new HashSet<>();
            for (Identifier s : subjects) {
                Optional<Profile> profile = g.lookup(s).flatMap(g::profile);
                if (profile.isEmpty()) {
                    continue;
                }
                p.found++;
                Profile pr = profile.get();
                if (!seen.add(pr.id())) {
                    continue;
                }
                p.profileIds.add(pr.id());
                p.profileIds.addAll(pr.mergedFrom());
                for (ProfileIdentifier id : pr.identifiers()) {
                    p.identifiers.add(new Identifier(id.type(), id.value()));
                }
                for (long seq : g.eventSequences(pr.id())) {
                    p.sequences.add(seq);
                }
            }
            return null;
        });
        return p;
    }

    /** A subject id as resolution stores it: normalised by its type's rule, a phone number read with each source region in turn. */
    private Identifier normalized(String type, String value) {
        Optional<Identifier> n = identity.normalize(type, value, null);
        for (int i = 0; n.isEmpty() && i < regions.size(); i++) {
            n = identity.normalize(type, value, regions.get(i));
        }
        return n.orElseGet(() -> new Identifier(type, value));
    }

    /**
     * Replaces their events (by the key of source and messageId: retries included) and quarantined payloads that hold one
     * of their values (without regard to case) with a stub; a record that cannot be read is replaced when its bytes hold one.
     */
    private EventLog.Redactor redactor(String regulationId, Set<String> messageKeys, Set<String> values) {
        byte[] stub = codec.encode(new LogRecord.Erased(regulationId));
        List<String> lower = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        SubjectKeys keys = suppressions.keys();
        return (seq, payload) -> {
            LogRecord record;
            try {
                record = codec.decode(payload);
            } catch (RuntimeException unreadable) {
                return holdsAny(new String(payload, StandardCharsets.UTF_8), lower) ? stub : null;
            }
            return switch (record) {
                // Theirs by its key (a retry included), or one that carries a suppressed identifier and so was never stored.
                case LogRecord.Accepted a -> (a.event().messageId() != null
                        && messageKeys.contains(keys.ofMessage(a.event().sourceId(), a.event().messageId())))
                        || suppressions.check(a.event()).isPresent() ? stub : null;
                case LogRecord.Quarantined q -> holdsAny(q.event().raw(), lower) || !suppressions.admitsRaw(q.event().raw()) ? stub : null;
                case LogRecord.Erased x -> null;
            };
        };
    }

    private static boolean holdsAny(String text, List<String> lowerValues) {
        if (text == null || lowerValues.isEmpty()) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (String v : lowerValues) {
            if (t.contains(v)) {
                return true;
            }
        }
        return false;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
