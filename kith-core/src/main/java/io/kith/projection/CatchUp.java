package io.kith.projection;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one rule for the work that follows the projector (profile rows, the segment engine, the search index) while the
 * projector is far behind its log — a start after downtime, a burst: that work <em>holds</em>, so the cores go to the
 * events table and identity, until the projector has caught up or the work has waited {@link #maxHold()}.
 *
 * <p>Why hold for the whole catch-up rather than space the work out: each of these followers works per <em>person</em>
 * (a profile row, an evaluation, an index document), and a catch-up touches the same people again and again. Measured
 * on {@code bench erasure}'s 10 M-event set-up (1 M people, each touched ~10 times, spread over the whole log), per
 * minute of catch-up when they wrote every few seconds: segment engine 21.0 s of CPU, profile rows 16.5 s, search index
 * 14.3 s, against 20.7 s for the projector and its store writer — a person was evaluated, written and indexed about
 * once per take, so roughly ten times over the catch-up instead of once after it.
 *
 * <p>The bound keeps answers from trailing without end when the projector never catches up (a load above what the
 * machine can project): then each follower works once per {@code maxHold}. What a follower keeps meanwhile grows with
 * the people touched, never with the events (each says how it bounds that).
 *
 * @param behind  whether the projector is far behind its log now
 * @param maxHold the longest a follower's changes wait
 */
public record CatchUp(BooleanSupplier behind, Duration maxHold) {
    /**
     * How long a follower's changes wait at most while the projector catches up: longer than a large catch-up takes, so
     * that the held work is not done half-way through it. Measured on {@code bench erasure}'s 10 M-event set-up with a
     * two-minute hold: the projector went at ~50,000 events/s while the followers held, then the hold ran out with 5 M
     * events still to go, the search index wrote a full pass of 1.8 M profiles (65 s), the segment engine and the
     * profile rows took most of the cores, and the projector fell to 14,000-29,000 events/s.
     */
    public static final Duration MAX_HOLD = Duration.ofMinutes(10);

    /** Never catching up: followers never hold (tests, tools without a projector). */
    public static final CatchUp NEVER = new CatchUp(() -> false, Duration.ZERO);

    /** The production rule: hold while {@code behind}, at most {@link #MAX_HOLD}. */
    public static CatchUp of(BooleanSupplier behind) {
        return new CatchUp(behind, MAX_HOLD);
    }

    /** Whether the projector is far behind its log now. */
    public boolean catchingUp() {
        return behind.getAsBoolean();
    }

    /**
     * Whether work whose changes have waited since {@code heldSinceNanos} ({@link System#nanoTime()}) waits on: the
     * projector is far behind its log and the changes have not yet waited {@link #maxHold()}.
     */
    public boolean holds(long heldSinceNanos) {
        return System.nanoTime() - heldSinceNanos < maxHold.toNanos() && behind.getAsBoolean();
    }
}
