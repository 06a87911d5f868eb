package io.kith.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TimelineProperties {
    @Example
    void anImportedHistoryComesWhereItHappenedNotWhereItWasStored() {
        Map<Long, Instant> at = Map.of(
                10L, Instant.parse("2026-12-01T10:00:00Z"), // this week's page view, stored first
                11L, Instant.parse("2026-12-02T10:00:00Z"),
                12L, Instant.parse("2024-03-05T09:00:00Z"), // a till's order of 2024, imported after
                13L, Instant.parse("2026-12-02T10:00:00Z")); // the same instant as 11, stored after it
        Timeline t = Timeline.of(new long[] {10, 11, 12, 13, 99}, at); // 99: erased since
        assertThat(t.newestFirst()).containsExactly(13, 11, 10, 12);
        assertThat(t.page(t.startAfter(11L), 2)).containsExactly(10, 12);
        assertThat(t.startAfter(99L)).isEqualTo(-1);
        assertThat(t.startAfter(null)).isZero();
    }

    @Example
    void anAccountLimitedToBrandsHasATimelineOfTheirEventsOnly() {
        Map<Long, io.kith.event.EventStamp> stamps = Map.of(
                1L, new io.kith.event.EventStamp(Instant.parse("2026-12-01T10:00:00Z"), "bistro"),
                2L, new io.kith.event.EventStamp(Instant.parse("2026-12-02T10:00:00Z"), "northwind"),
                3L, new io.kith.event.EventStamp(Instant.parse("2026-12-03T10:00:00Z"), "bistro"));
        assertThat(Timeline.seenBy(new long[] {1, 2, 3}, stamps, "bistro"::equals).newestFirst()).containsExactly(3, 1);
        assertThat(Timeline.seenBy(new long[] {1, 2, 3}, stamps, b -> true).size()).isEqualTo(3);
    }

    @Provide
    Arbitrary<Map<Long, Instant>> happened() {
        return Arbitraries.maps(Arbitraries.longs().between(0, 500), Arbitraries.longs().between(0, 50).map(m -> Instant.EPOCH.plusSeconds(m * 60)))
                .ofMaxSize(120);
    }

    @Property
    void pagesFollowedByTheirCursorsGiveEveryEventOnceNewestFirst(@ForAll("happened") Map<Long, Instant> happened,
                                                                  @ForAll @IntRange(min = 1, max = 30) int pageSize) {
        long[] sequences = happened.keySet().stream().mapToLong(Long::longValue).toArray();
        Timeline t = Timeline.of(sequences, happened);
        List<Long> walked = new ArrayList<>();
        Long cursor = null;
        while (true) {
            long[] page = t.page(t.startAfter(cursor), pageSize);
            if (page.length == 0) {
                break;
            }
            for (long s : page) {
                walked.add(s);
            }
            cursor = page[page.length - 1];
        }
        assertThat(walked).containsExactlyInAnyOrderElementsOf(happened.keySet());
        for (int i = 1; i < walked.size(); i++) {
            Instant newer = happened.get(walked.get(i - 1));
            Instant older = happened.get(walked.get(i));
            assertThat(newer.isAfter(older) || newer.equals(older) && walked.get(i - 1) > walked.get(i)).as("%s before %s", walked.get(i - 1), walked.get(i)).isTrue();
        }
    }

    @Property
    void aTimeMissingLeavesItsEventOut(@ForAll("happened") Map<Long, Instant> happened) {
        Map<Long, Instant> known = new HashMap<>(happened);
        long[] asked = java.util.stream.LongStream.concat(happened.keySet().stream().mapToLong(Long::longValue), java.util.stream.LongStream.of(1_000, 1_001)).toArray();
        assertThat(Timeline.of(asked, known).newestFirst()).doesNotContain(1_000L, 1_001L).hasSize(happened.size());
    }
}
