package io.kith.privacy;

import io.kith.audit.AuditLog;
import io.kith.event.EventLog;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import java.time.Clock;
import java.time.Instant;

/**
 * Applies a retention policy to the log and every store, so that profiles never show data that no longer exists: the
 * events past retention become stubs in the event log and go from the store (with the quarantined records past it),
 * identity is resolved again from what is left and the derived values follow, the space is reclaimed, and the audit log
 * is cut to its own retention. The same background worker runs it as runs erasures, once a day and on demand.
 */
public final class Retention {
    /** What an application of the policy did. */
    public record Report(Instant at, long events, long logRecords, long quarantined, long auditEntries, long millis) {
    }

    private final EventLog log;
    private final LogRecordCodec codec;
    private final PersonalData store;
    private final AuditLog audit;
    private final Erasure.Pipeline pipeline;
    private final Clock clock;

    public Retention(EventLog log, LogRecordCodec codec, PersonalData store, AuditLog audit, Erasure.Pipeline pipeline, Clock clock) {
        this.log = log;
        this.codec = codec;
        this.store = store;
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
        PersonalData.Expired expired = store.expire(policy, now);
        if (expired.events() > 0) {
            pipeline.rebuildIdentity(); // the derived values follow the rebuild in the background
            pipeline.forgetIdentitySnapshot();
        }
        if (expired.events() > 0 || expired.quarantined() > 0 || redaction.replaced() > 0 || auditEntries > 0) {
            store.reclaim();
        }
        return new Report(now, expired.events(), redaction.replaced(), expired.quarantined(), auditEntries, (System.nanoTime() - t0) / 1_000_000);
    }
}
