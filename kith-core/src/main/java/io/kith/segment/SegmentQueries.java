package io.kith.segment;

import java.time.Instant;
import java.util.List;

/**
 * Segment conditions answered by the store over all profiles at once (the batch side of segments: a preview, a full
 * evaluation of a new or changed definition, a scheduled re-evaluation). Each answer says the store sequence it
 * reflects, so that it can be compared exactly with {@link SegmentEvaluator} over the same events, and so that the
 * real-time side can go on from there.
 */
public interface SegmentQueries {
    /**
     * The members of a condition.
     *
     * @param profileIds   ordered
     * @param asOfSequence the answer counts the events below this store sequence, with the profiles as identity had them
     *                     there (the position of the stored profile rows, read in the same snapshot)
     * @param now          the evaluation time the windows were measured from
     */
    record Answer(List<String> profileIds, long asOfSequence, Instant now) {
        public Answer {
            profileIds = List.copyOf(profileIds);
        }
    }

    /** Every profile that satisfies {@code condition} at {@code now}. */
    Answer members(Condition condition, Instant now);

    /** The number of profiles that satisfy {@code condition} at {@code now}, and the sequence it reflects. */
    long count(Condition condition, Instant now);

    /** The event names the stored events use (at most {@code limit}), for checking the names a definition uses. */
    java.util.Set<String> eventNames(int limit);

    /** The top-level trait names the stored profiles hold (at most {@code limit}). */
    java.util.Set<String> traitNames(int limit);

    /** The query the store runs for {@code members}, for an operator who wants to see or tune it. */
    String explain(Condition condition, Instant now);
}
