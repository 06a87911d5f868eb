package io.kith.projection;

/**
 * The profile rows' own catch-up, after the projector's ({@link CatchUp}): the profile writer held its rows while the
 * projector caught up, so the flush that follows writes every person the catch-up touched, and the next the people the
 * projector's last events touched meanwhile. Until a flush writes no more than {@code settled} profiles, the writer
 * flushes again at once instead of pacing itself, and the work that follows the rows (segment engine, probable links,
 * search index, the erasure's summary of the log) holds, so that the rows — what the console, SQL segments and every
 * other process read — are complete first.
 *
 * <p>Why: measured with {@code bench rebuild} at 1 M events (165,451 people) before this rule, the profile writer got a
 * fifth of the two cores after a catch-up, beside everything else that had held, and the rows were complete 41.5–51.3 s
 * after identity for 16–21 s of the writer's CPU; with it, 13.8–15.6 s. It also keeps the probable-link index, built on
 * the first scoring after the hold, from reading the attribute history of rows not yet written.
 *
 * <p>Thread-safe: the profile writer calls {@link #held} and {@link #flushAgain}; any thread reads {@link #catchingUp}.
 */
public final class RowsCatchUp {
    private final int settled;
    private volatile boolean catchingUp;

    /** @param settled the most profiles a flush may write for the rows to count as caught up */
    public RowsCatchUp(int settled) {
        if (settled < 0) {
            throw new IllegalArgumentException("settled must not be negative: " + settled);
        }
        this.settled = settled;
    }

    /** The writer held its rows for the projector's catch-up: its next flushes catch the rows up. */
    public void held() {
        catchingUp = true;
    }

    /**
     * After a flush that wrote {@code written} profiles: whether the writer flushes again at once, the rows still catching
     * up; otherwise they have caught up (or were not catching up) and the writer paces itself as usual.
     */
    public boolean flushAgain(int written) {
        if (catchingUp && written > settled) {
            return true;
        }
        catchingUp = false;
        return false;
    }

    /** Whether the rows are catching up after the projector: from {@link #held} until a flush writes few enough. */
    public boolean catchingUp() {
        return catchingUp;
    }
}
