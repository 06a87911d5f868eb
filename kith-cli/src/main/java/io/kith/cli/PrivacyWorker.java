package io.kith.cli;

import io.kith.privacy.Erasure;
import io.kith.privacy.ErasureReport;
import io.kith.privacy.Regulations;
import io.kith.privacy.Suppressions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that carries out privacy regulations and applies the retention policy (once a day, and when asked),
 * one thing at a time. Regulations are taken oldest first, in batches: a request is saved and answered
 * {@code 202} at once, and this thread takes it from the store ({@link Regulations#claim}: on a shared store one server
 * takes each). It also reads the suppression list again every few seconds, for requests another server carried out.
 * A request is never carried out inside the HTTP call that made it.
 */
final class PrivacyWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyWorker.class);
    /** How often the worker looks for requests when not woken, and reads the suppression list again. */
    static final long POLL_MILLIS = 2_000;
    /**
     * Requests carried out together at most: the log pass, the store purge and the identity rebuild are paid once per
     * batch, so requests that wait while one runs are taken together next.
     */
    static final int BATCH = 10_000;
    /** Log records read into the erasure's summary of the log per turn of the loop (a second or so). */
    static final int LOG_FOLLOW = 100_000;

    private final Regulations ledger;
    private final Erasure erasure;
    private final Suppressions suppressions;
    private final java.util.function.Consumer<io.kith.audit.AuditEntry> audit;
    private final io.kith.privacy.Retention retention;
    private final java.util.function.Supplier<io.kith.privacy.RetentionPolicy> policy;
    /** When retention was last applied (null: not yet in this process), what it did, and whether it was asked for. */
    private volatile java.time.Instant retentionRan;
    private volatile io.kith.privacy.Retention.Report lastRetention;
    private volatile boolean retentionAsked;
    /** How often the policy is applied without being asked. */
    static final java.time.Duration RETENTION_EVERY = java.time.Duration.ofDays(1);
    /** How long after start the policy is first applied: the server's start is not slowed by it. */
    static final java.time.Duration RETENTION_FIRST = java.time.Duration.ofMinutes(5);
    private final java.time.Instant started;
    /**
     * This server's record of the erasures its own log has followed: the finish time of the newest, in a file beside
     * the log (each server of a shared store has its own log, and so its own record).
     */
    private final java.nio.file.Path followed;
    /** What the worker does first: delete the derived rows of profiles that no longer exist (see {@link io.kith.privacy.PersonalData#purgeOrphans}). */
    private final java.util.function.IntSupplier orphans;

    private java.util.function.IntSupplier orphans() {
        return orphans;
    }
    private final Clock clock;
    /** Whether the projector is far behind the log: following the log for the summary waits then. */
    private final java.util.function.BooleanSupplier catchingUp;
    private final Object wake = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean closed;

    PrivacyWorker(Regulations ledger, Erasure erasure, Suppressions suppressions, java.util.function.Consumer<io.kith.audit.AuditEntry> audit,
                  io.kith.privacy.Retention retention, java.util.function.Supplier<io.kith.privacy.RetentionPolicy> policy,
                  java.nio.file.Path followed, java.util.function.IntSupplier orphans, java.util.function.BooleanSupplier catchingUp, Clock clock) {
        this.catchingUp = catchingUp;
        this.followed = followed;
        this.orphans = orphans;
        this.audit = audit;
        this.retention = retention;
        this.policy = policy;
        this.started = clock.instant();
        this.ledger = ledger;
        this.erasure = erasure;
        this.suppressions = suppressions;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("kith-erasure").daemon().start(this::work);
    }

    private java.time.Instant followedUntil() {
        try {
            if (java.nio.file.Files.exists(followed)) {
                return java.time.Instant.parse(java.nio.file.Files.readString(followed).strip());
            }
        } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
            LOG.warn("cannot read {}; following every finished erasure again (safe to repeat)", followed);
        }
        return java.time.Instant.EPOCH;
    }

    private void markFollowed(java.util.List<io.kith.privacy.Regulation> done) {
        java.util.Optional<java.time.Instant> newest = done.stream().map(r -> r.finishedAt().orElseThrow()).max(java.util.Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Path tmp = followed.resolveSibling(followed.getFileName() + ".tmp");
            java.nio.file.Files.writeString(tmp, newest.get().toString() + "\n");
            java.nio.file.Files.move(tmp, followed, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            LOG.warn("cannot write {}: the erasures will be followed again at the next poll (safe to repeat)", followed);
        }
    }

    /** Has the worker apply the retention policy now (in turn with the regulations). */
    void applyRetention() {
        retentionAsked = true;
        wake();
    }

    /** What the last application of the retention policy did, if one ran in this process. */
    java.util.Optional<io.kith.privacy.Retention.Report> lastRetention() {
        return java.util.Optional.ofNullable(lastRetention);
    }

    private boolean retentionDue() {
        java.time.Instant now = clock.instant();
        return retentionAsked || (retentionRan == null ? now.isAfter(started.plus(RETENTION_FIRST)) : now.isAfter(retentionRan.plus(RETENTION_EVERY)));
    }

    private void runRetention() {
        retentionAsked = false;
        retentionRan = clock.instant();
        io.kith.privacy.Retention.Report r = retention.apply(policy.get());
        lastRetention = r;
        audit.accept(new io.kith.audit.AuditEntry(clock.instant(), "kith", "retention applied", "", "", 0));
        LOG.info("retention applied events={} logRecords={} quarantined={} auditEntries={} millis={}", r.events(), r.logRecords(),
                r.quarantined(), r.auditEntries(), r.millis());
    }

    /** Has the worker look for requests now (one was just saved). */
    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void work() {
        try {
            // an erasure's last purge of derived rows runs after the derived values' pass; a stop before it leaves rows
            int orphans = orphans().getAsInt();
            if (orphans > 0) {
                LOG.info("deleted the derived values and memberships of {} profiles that no longer exist", orphans);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not look for the derived rows of profiles that no longer exist: {}", e.getClass().getSimpleName());
        }
        while (!closed) {
            try {
                java.util.List<Regulations.Claimed> next = ledger.claim(clock.instant(), BATCH);
                if (!next.isEmpty()) {
                    LOG.info("carrying out regulations count={} first={}", next.size(), next.get(0).regulation().id());
                    java.util.List<ErasureReport> reports;
                    // runAll records every request of the batch FINISHED, or (throwing) every one FAILED: no read per request
                    String status = "FAILED";
                    try {
                        reports = erasure.runAll(next);
                        status = "FINISHED";
                        // this server's log was redacted as part of them
                        markFollowed(ledger.erasuresFinishedAfter(followedUntil()));
                    } finally {
                        // The record names the request, never the person.
                        for (Regulations.Claimed c : next) {
                            audit.accept(new io.kith.audit.AuditEntry(clock.instant(), "kith", "regulation " + c.regulation().type() + " " + status,
                                    c.regulation().id(), "", 0));
                        }
                    }
                    LOG.info("regulations finished count={} profiles={} events={} millis={}", next.size(),
                            reports.stream().mapToInt(ErasureReport::profiles).sum(), reports.stream().mapToLong(ErasureReport::events).sum(),
                            reports.get(0).millis());
                    continue;
                }
                java.util.List<io.kith.privacy.Regulation> others = ledger.erasuresFinishedAfter(followedUntil());
                if (!others.isEmpty()) {
                    // carried out by another server sharing the store: this server's log and identity follow
                    var r = erasure.followErasures(others);
                    markFollowed(others);
                    LOG.info("followed erasures made by another server count={} logRecords={}", others.size(), r.replaced());
                    continue;
                }
                if (retentionDue()) {
                    runRetention();
                    continue;
                }
                // While the projector catches up with the log, the summary waits (an erasure reads what it does not
                // cover in full): it decodes every record, a fifth of the Java CPU during a catch-up when it did not.
                if (!catchingUp.getAsBoolean() && erasure.followLog(LOG_FOLLOW) > 0) {
                    continue; // the summary of the log an erasure reads by is behind: more of it first, requests in between
                }
                suppressions.refresh();
                synchronized (wake) {
                    if (!woken && !closed) {
                        wake.wait(POLL_MILLIS);
                    }
                    woken = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The regulation is recorded FAILED with the kind of failure; the message may quote a value, so it is logged
                // at debug level only.
                LOG.warn("a regulation failed: {}", e.getClass().getSimpleName());
                LOG.debug("regulation failure", e);
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        // No interrupt: one during a read of the log would close the log's file channel under every other reader.
        wake();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
