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
     * Events and the profile each was resolved into, as parallel arrays ordered by sequence: the rows of the
     * event-to-profile projection. A row names the live profile of its event when written; a later merge does not
     * rewrite it but records the absorbed id's survivor, and SQL reads an event's person through both (the view
     * {@code event_people}). So that SQL over events can be grouped by person, whatever identifier linked the event.
     */
    record EventAssignments(long[] sequences, String[] profileIds) {
        public static final EventAssignments NONE = new EventAssignments(new long[0], new String[0]);

        public EventAssignments {
            if (sequences.length != profileIds.length) {
                throw new IllegalArgumentException(sequences.length + " sequences but " + profileIds.length + " profile ids");
            }
            for (int i = 1; i < sequences.length; i++) {
                if (sequences[i] <= sequences[i - 1]) {
                    throw new IllegalArgumentException("event assignments must be in increasing sequence order, without repeats");
                }
            }
        }

        public int size() {
            return sequences.length;
        }
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
    default void apply(List<StoredProfile> changed, Map<String, String> mergedInto, long toSequence) {
        apply(changed, mergedInto, EventAssignments.NONE, toSequence);
    }

    /**
     * As {@link #apply(List, Map, long)}, with the events these changes resolved: each event is written once, with the
     * profile it belongs to (the events already written keep their rows; merges re-point them). The caller gives each
     * event once between two {@link #clear()}s; stores do not look for repeats (DuckDB would scan the table to).
     */
    void apply(List<StoredProfile> changed, Map<String, String> mergedInto, EventAssignments events, long toSequence);

    /** Removes every profile row and event assignment and resets the position to 0, for a full rewrite after a rebuild. */
    void clear();

    /** A profile by its id; a merged-away id answers the profile it belongs to. */
    Optional<StoredProfile> profile(String profileId);

    /** The live profile the event at this store sequence belongs to, through every merge since it was written. */
    Optional<String> profileOfEvent(long sequence);

    /** The number of events written with a profile (events without identifiers have none). */
    long assignedEvents();

    /** The id of the profile holding this identifier (type and normalised value). */
    Optional<String> lookup(Identifier identifier);

    /** The number of live profiles. */
    long count();
}
