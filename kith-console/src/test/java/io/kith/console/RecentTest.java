package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();
    private final Recent<String, String> recent = new Recent<>("test", k -> k + reads.incrementAndGet(), Duration.ofSeconds(30), clock, queued::add);

    @Test
    void aFreshValueIsNotReadAgainAndAStaleOneIsAnsweredWhileOneBackgroundReadReplacesIt() {
        assertThat(recent.get("a").value()).isEqualTo("a1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(recent.get("a").value()).isEqualTo("a1");
        assertThat(queued).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(recent.get("a").value()).isEqualTo("a1");
        assertThat(recent.get("a").value()).isEqualTo("a1");
        assertThat(queued).hasSize(1); // one refresh at a time
        queued.remove(0).run();
        assertThat(recent.get("a").value()).isEqualTo("a2");
        assertThat(recent.get("a").at()).isEqualTo(clock.instant());
        assertThat(recent.get("b").value()).isEqualTo("b3");
    }

    @Test
    void aFailedRefreshKeepsTheOldValueAndTriesAgainNextTime() {
        AtomicInteger calls = new AtomicInteger();
        Recent<String, String> failing = new Recent<>("test", k -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("store down");
            }
            return "v" + calls.get();
        }, Duration.ofSeconds(30), clock, Runnable::run);
        assertThat(failing.get("a").value()).isEqualTo("v1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(failing.get("a").value()).isEqualTo("v1"); // the refresh failed
        assertThat(failing.get("a").value()).isEqualTo("v1"); // this one ran the third read, answered next
        assertThat(failing.get("a").value()).isEqualTo("v3");
    }
}
