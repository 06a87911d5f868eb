package io.kith.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The followers' hold: while the projector is behind and the changes have not waited the longest hold, and only then. */
class CatchUpTest {

    @Test
    void holdsWhileBehindAndStopsOnceCaughtUp() {
        AtomicBoolean behind = new AtomicBoolean(true);
        CatchUp catchUp = new CatchUp(behind::get, Duration.ofMinutes(10));
        long since = System.nanoTime();
        assertThat(catchUp.catchingUp()).isTrue();
        assertThat(catchUp.holds(since)).isTrue();
        behind.set(false);
        assertThat(catchUp.catchingUp()).isFalse();
        assertThat(catchUp.holds(since)).isFalse();
    }

    @Test
    void changesThatWaitedTheLongestHoldGoOnEvenWhileBehind() {
        CatchUp catchUp = new CatchUp(() -> true, Duration.ofSeconds(30));
        long now = System.nanoTime();
        assertThat(catchUp.holds(now - Duration.ofSeconds(29).toNanos())).isTrue();
        assertThat(catchUp.holds(now - Duration.ofSeconds(31).toNanos())).isFalse();
    }

    @Test
    void neverHoldsWhenNeverBehindAndTheProductionHoldIsTenMinutes() {
        assertThat(CatchUp.NEVER.holds(System.nanoTime())).isFalse();
        assertThat(CatchUp.of(() -> true).maxHold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(CatchUp.of(() -> true).holds(System.nanoTime())).isTrue();
    }
}
