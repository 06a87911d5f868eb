package io.kith.segment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Segment definitions, versioned, and who is in each segment now, with every entry and exit kept as history. The
 * members are a projection (of the definitions, the profiles and the events): {@link SegmentEngine} keeps them, and
 * nothing else writes them. Thread-safe.
 *
 * <p>A version whose stored definition no longer reads (saved before a rule of {@link Limits} refused it) is left out of
 * {@link #latest}, {@link #versions} and {@link #all}, as if it had not been saved, so that it cannot take the other
 * segments down with it; saving the key again gives it a new version.
 */
public interface SegmentStore {
    /** One version of a definition. Versions count from 1; a change is a new version, never an edit. */
    record SavedSegment(SegmentDefinition definition, int version, Instant savedAt) {
        public String key() {
            return definition.key();
        }
    }

    /**
     * A profile entering or leaving a segment.
     *
     * @param version      the definition version that decided it
     * @param at           when it was decided (the evaluation time)
     * @param asOfSequence the store sequence of the events it reflects
     * @param cause        why: {@code event}, {@code time}, {@code definition v2}, {@code merged into p_x}, {@code rebuild}
     */
    record MembershipChange(String segmentKey, int version, String profileId, boolean entered, Instant at, long asOfSequence,
                            String cause) {
    }

    /** How many members a segment had at a time (after the changes of that time). */
    record SizePoint(Instant at, long members) {
    }

    /** Saves a new version of the definition (1 when the key is new) and answers it. */
    SavedSegment save(SegmentDefinition definition, Instant at);

    /** The latest version of a segment. */
    Optional<SavedSegment> latest(String key);

    /** Every version of a segment, oldest first. */
    List<SavedSegment> versions(String key);

    /** The latest version of every segment, by key. */
    List<SavedSegment> all();

    /** Records entries and exits: members gain and lose rows, history gains one row each; one transaction. */
    void apply(List<MembershipChange> changes);

    /** Members of a segment in profile-id order, after {@code afterProfileId} (null: from the start). */
    List<String> members(String key, String afterProfileId, int limit);

    /** The number of members of a segment. */
    long size(String key);

    /** The keys of the segments a profile is a member of, sorted. */
    List<String> segmentsOf(String profileId);

    /** A profile's entries and exits, oldest first. */
    List<MembershipChange> history(String profileId);

    /** The size of a segment after each day that changed it (UTC days, at midnight ending the day), oldest first. */
    List<SizePoint> sizeOverTime(String key);
}
