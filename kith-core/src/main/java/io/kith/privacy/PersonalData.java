package io.kith.privacy;

import java.util.Set;

/**
 * What a store removes when people are erased: their events and the projection's rows of them, quarantined payloads
 * that carry their identifiers, their derived values and segment memberships, and their identifiers wherever stored
 * configuration names them (every version of the identity overrides and rules). Then the space the rows took is
 * reclaimed, since a deleted row leaves its bytes in the files until then (see docs/privacy.md). Profile rows are
 * written again by the identity rebuild that follows, from events that no longer include theirs.
 */
public interface PersonalData {
    /**
     * @param eventSequences the store sequences of their events
     * @param profileIds     their profile ids, those merged into them included
     * @param values         their identifier values, as stored and as received (matched without regard to case in
     *                       quarantined payloads and stored configuration)
     */
    record Purge(long[] eventSequences, Set<String> profileIds, Set<String> values) {
    }

    record Purged(long events, long quarantined, long values, long memberships, int configurationVersions) {
    }

    Purged purge(Purge purge);

    /**
     * Deletes the derived values, segment memberships and membership history of profiles that no longer exist (an
     * erasure whose last purge a stop interrupted): every profile id in those tables for which {@code live} is false.
     *
     * @return the profile ids whose rows went
     */
    int purgeOrphans(java.util.function.Predicate<String> live);

    /** What retention deleted from the store. */
    record Expired(long events, long quarantined) {
    }

    /** The store sequences of the events past the policy's retention at {@code now}, in increasing order. */
    long[] expiredEvents(RetentionPolicy policy, java.time.Instant now);

    /**
     * Deletes these events (those {@link #expiredEvents} found, whose identifiers identity read first), with their
     * event-to-profile rows, and the quarantined records past the policy's retention at {@code now} (by the time they
     * were received, under the rules that name no type or event).
     */
    Expired expire(RetentionPolicy policy, java.time.Instant now, long[] eventSequences);

    /**
     * Makes the deleted rows' bytes go from the store's files: PostgreSQL rewrites the tables ({@code VACUUM FULL}) and
     * checkpoints; DuckDB checkpoints now and writes the database into a fresh file when it next opens.
     */
    void reclaim();
}
