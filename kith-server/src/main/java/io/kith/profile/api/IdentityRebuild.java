package io.kith.profile.api;

import java.time.Instant;
import java.util.Locale;

/**
 * One rebuild of identity resolution with new overrides, run in the background: queued, running, then done or failed.
 * Changes saved while a rebuild waits join it, so that it rebuilds with the newest overrides once.
 *
 * @param overridesVersion the version of the overrides it rebuilds with: the newest joined while queued, the one read when it started
 * @param eventsReplayed   the events it resolved again, once done (else null)
 * @param error            why it failed (else null)
 */
public record IdentityRebuild(String id, Status status, long overridesVersion, Long eventsReplayed, Instant startedAt, Instant finishedAt,
                              String error) {
    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static IdentityRebuild queued(String id, long overridesVersion) {
        return new IdentityRebuild(id, Status.QUEUED, overridesVersion, null, null, null, null);
    }

    public IdentityRebuild joined(long version) {
        return new IdentityRebuild(id, status, Math.max(overridesVersion, version), eventsReplayed, startedAt, finishedAt, error);
    }

    public IdentityRebuild running(long version, Instant at) {
        return new IdentityRebuild(id, Status.RUNNING, version, null, at, null, null);
    }

    public IdentityRebuild done(long replayed, Instant at) {
        return new IdentityRebuild(id, Status.DONE, overridesVersion, replayed, startedAt, at, null);
    }

    public IdentityRebuild failed(String why, Instant at) {
        return new IdentityRebuild(id, Status.FAILED, overridesVersion, null, startedAt, at, why);
    }

    public boolean finished() {
        return status == Status.DONE || status == Status.FAILED;
    }
}
