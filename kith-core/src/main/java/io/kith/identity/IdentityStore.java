package io.kith.identity;

import io.kith.profile.Profile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity graph as rows in the store: every live profile with its identifiers, merged traits and decision log,
 * and every merged-away profile id with the profile it now resolves to. It is a projection of the in-memory
 * {@link IdentityGraph}, written behind it, so that SQL (segments, exports, BI) can join events to people, and so
 * that the profiles can be read without a running Kith.
 *
 * <p>Written by one process at a time ({@link #acquireWriter()}), read by any. Thread-safe.
 */
public interface IdentityStore {
    /** A profile as stored: the single customer view and the decisions behind it ({@link IdentityGraph#explain}). */
    record StoredProfile(Profile profile, List<Decision> decisions) {
    }

    /**
     * Whether this process may write: always on the embedded store; on a shared store, true for one process at a time
     * until it closes the store (others call again to take over when it is gone).
     */
    boolean acquireWriter();

    /** One past the store sequence of the last event the stored profiles reflect; 0 when none. */
    long appliedSequence();

    /**
     * Replaces the rows of the changed profiles and records the profiles merged away, atomically with the new position.
     *
     * @param changed    live profiles whose rows (identifiers, traits, decisions, counts) replace what was stored for them
     * @param mergedInto ids of profiles merged away → the id of the live profile they now belong to; their rows are removed
     * @param toSequence one past the store sequence of the last event these changes reflect; not below {@link #appliedSequence()}
     *                   (equal is allowed: one round of changes may be written in several applies)
     * @throws io.kith.error.KithException with {@code CONFLICT} when {@code toSequence} is below the stored position
     */
    void apply(List<StoredProfile> changed, Map<String, String> mergedInto, long toSequence);

    /** Removes every profile row and resets the position to 0, for a full rewrite after a rebuild. */
    void clear();

    /** A profile by its id; a merged-away id answers the profile it belongs to. */
    Optional<StoredProfile> profile(String profileId);

    /** The id of the profile holding this identifier (type and normalised value). */
    Optional<String> lookup(Identifier identifier);

    /** The number of live profiles. */
    long count();
}
