package io.kith.privacy;

import java.util.Set;

/**
 * Deletes what the derived values kept of profiles that no longer exist — computed values, segment memberships and their
 * history, probable links — now, and once more after the derived values' pass that was running meanwhile ends (it may
 * have written rows of them before it learned they were gone). Erasure and retention both take profiles out of identity
 * without a rebuild and clean up after them so.
 */
final class DerivedPurge {
    private DerivedPurge() {
    }

    /** Purges the derived rows of {@code profileIds} now, and schedules the late purge; answers what went now. */
    static PersonalData.Purged of(PersonalData store, Erasure.Pipeline pipeline, Set<String> profileIds) {
        if (profileIds.isEmpty()) {
            return new PersonalData.Purged(0, 0, 0, 0, 0);
        }
        Set<String> ids = Set.copyOf(profileIds);
        PersonalData.Purged now = store.purge(new PersonalData.Purge(new long[0], ids, Set.of()));
        pipeline.afterDerived(() -> {
            PersonalData.Purged late = store.purge(new PersonalData.Purge(new long[0], ids, Set.of()));
            if (late.values() > 0 || late.memberships() > 0) {
                store.reclaim();
            }
        });
        return now;
    }
}
