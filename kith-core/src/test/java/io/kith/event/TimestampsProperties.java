package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class TimestampsProperties {
    private static final long YEAR_1900 = -2_208_988_800L;
    private static final long YEAR_9999 = 253_402_300_799L;

    @Property
    void formatIsExactlyInstantToString(@ForAll @LongRange(min = YEAR_1900, max = YEAR_9999) long second,
                                        @ForAll @IntRange(min = 0, max = 999_999_999) int nano, @ForAll boolean wholeMillis) {
        Instant t = Instant.ofEpochSecond(second, wholeMillis ? nano / 1_000_000 * 1_000_000 : nano);
        assertThat(Timestamps.format(t)).isEqualTo(t.toString());
    }

    @Property
    void theFastPathAgreesWithTheJdk(@ForAll @LongRange(min = YEAR_1900, max = YEAR_9999) long second,
                                     @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
                                     @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
        Instant t = Instant.ofEpochSecond(second, nano);
        String withOffset = OffsetDateTime.ofInstant(t, ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toString();
        assertThat(Timestamps.parse(t.toString())).contains(t);
        if (withOffset.length() >= 25 || withOffset.endsWith("Z")) {
            assertThat(Timestamps.parse(withOffset)).contains(OffsetDateTime.parse(withOffset).toInstant());
        }
    }

    @Property
    void impossibleDatesAreRefused(@ForAll @IntRange(min = 29, max = 31) int day) {
        String feb = "2025-02-" + day + "T10:00:00Z";
        assertThat(Timestamps.parse(feb)).isEmpty();
        assertThat(Timestamps.parse("2024-02-29T10:00:00Z")).contains(Instant.parse("2024-02-29T10:00:00Z"));
    }
}
