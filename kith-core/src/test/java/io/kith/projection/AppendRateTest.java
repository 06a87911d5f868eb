package io.kith.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AppendRateTest {
    private final AtomicLong end = new AtomicLong(1_000);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AppendRate rate = new AppendRate(end::get, nanos::get);

    @Test
    void isTheRateOfTheLastSampledSecond() {
        assertThat(rate.above(0)).as("nothing sampled yet").isFalse();
        end.addAndGet(30_000);
        nanos.addAndGet(1_000_000_000L);
        assertThat(rate.above(20_000)).isTrue();
        assertThat(rate.above(40_000)).isFalse();
        // Within the second the rate stands, however the log moves meanwhile.
        end.addAndGet(1_000_000);
        nanos.addAndGet(500_000_000L);
        assertThat(rate.above(40_000)).isFalse();
        // The next sample: 1,000,000 in 1.5 s.
        nanos.addAndGet(1_000_000_000L);
        assertThat(rate.above(600_000)).isTrue();
        assertThat(rate.above(700_000)).isFalse();
    }

    @Test
    void aQuietLogIsBelowAnyRate() {
        nanos.addAndGet(3_000_000_000L);
        assertThat(rate.above(0)).isFalse();
    }
}
