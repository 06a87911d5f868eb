package io.kith.projection;

import java.util.Locale;

/**
 * Where the work that follows the projector stands now (profile rows, the segment engine with computed values and labels,
 * the search index, probable links, the erasure's summary of the log): following the log, or holding, and why
 * ({@link CatchUp}, {@link RowsCatchUp}). What {@code /health} and the console's dashboard say, so that an operator who
 * sees a segment or a search answer lag behind the events knows it is on purpose and for how long.
 *
 * @param hold      why the followers hold, or {@link Hold#NONE}
 * @param behind    events the projector is behind its log
 * @param holdAbove the lag above which the followers hold for the projector
 * @param detail    the state in a sentence
 */
public record FollowerState(Hold hold, long behind, long holdAbove, String detail) {
    /** Why the followers hold, in the order the rules are asked. */
    public enum Hold {
        /** They follow the log. */
        NONE,
        /** The projector is more than {@code holdAbove} events behind its log: every follower waits, so the cores go to it. */
        CATCHING_UP,
        /** Identity is being rebuilt: every follower waits for the new graph, whose swap tells them what changed. */
        REBUILDING,
        /** The profile rows are being written after a catch-up: the followers after the rows wait for them. */
        ROWS_CATCHING_UP
    }

    /** The state with its sentence. */
    public static FollowerState of(Hold hold, long behind, long holdAbove) {
        String detail = switch (hold) {
            case NONE -> "profile rows, segments, the search index and probable links follow the log";
            case CATCHING_UP -> String.format(Locale.ROOT, "the projector is %,d events behind the log: profile rows, segments, the search "
                    + "index and probable links wait until it is within %,d events of it (at most %d minutes), so that the cores go to it",
                    behind, holdAbove, CatchUp.MAX_HOLD.toMinutes());
            case REBUILDING -> "identity is being rebuilt: profile rows, segments, the search index and probable links wait for the new graph";
            case ROWS_CATCHING_UP -> "the profile rows are being written after a catch-up: segments, the search index and probable links "
                    + "follow once they are";
        };
        return new FollowerState(hold, behind, holdAbove, detail);
    }

    /** Whether the followers hold now. */
    public boolean holding() {
        return hold != Hold.NONE;
    }
}
