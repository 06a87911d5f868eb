package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), 3, 5);

    @Test
    void anAccountIsThrottledAfterItsFailuresUntilTheyLeaveTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.wait("ann", "10.0.0." + i)).isZero();
            throttle.failed("ann", "10.0.0." + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttle.wait("ann", "10.0.0.9")).isEqualTo(Duration.ofMinutes(12));
        assertThat(throttle.wait("bob", "10.0.0.9")).isZero();
        clock.advance(Duration.ofMinutes(12));
        assertThat(throttle.wait("ann", "10.0.0.9")).isZero();
    }

    @Test
    void anAddressIsThrottledAcrossAccounts() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertThat(throttle.wait("someone-else", "10.0.0.1")).isPositive();
        assertThat(throttle.wait("someone-else", "10.0.0.2")).isZero();
    }

    @Test
    void aSuccessClearsTheAccountsFailures() {
        throttle.failed("ann", "10.0.0.1");
        throttle.failed("ann", "10.0.0.1");
        throttle.succeeded("ann");
        throttle.failed("ann", "10.0.0.1");
        throttle.failed("ann", "10.0.0.1");
        assertThat(throttle.wait("ann", "10.0.0.2")).isZero();
    }
}
