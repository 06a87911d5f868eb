package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The events table's timestamps go to DuckDB's appender as microseconds since the epoch. */
class EpochMicrosTest {
    @Property(tries = 500)
    void isTheInstantInWholeMicroseconds(@ForAll @LongRange(min = -9_000_000_000_000L, max = 9_000_000_000_000L) long millis,
                                         @ForAll @LongRange(min = 0, max = 999_999) long nanosMore) {
        Instant at = Instant.ofEpochMilli(millis).plusNanos(nanosMore);
        long micros = DuckDbEventStore.epochMicros(at);
        assertThat(Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS))
                .isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Test
    void beforeNineteenSeventyCountsBackwards() {
        assertThat(DuckDbEventStore.epochMicros(Instant.parse("1969-12-31T23:59:58.500000Z"))).isEqualTo(-1_500_000L);
    }

    @Test
    void anInstantBeyondTheRangeFailsInsteadOfWrapping() {
        assertThatThrownBy(() -> DuckDbEventStore.epochMicros(Instant.MAX)).isInstanceOf(ArithmeticException.class);
    }
}
