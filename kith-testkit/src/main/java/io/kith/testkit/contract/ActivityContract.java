package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.event.EventActivity;
import io.kith.event.EventActivity.TimeBasis;
import io.kith.event.EventActivity.Volume;
import io.kith.event.StoredEvent;
import io.kith.error.KithException;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.profile.ValueHistograms.Bin;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.source.Source;
import io.kith.store.Store;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@link EventActivity} (the console's ingestion volume and event debugger) and
 * {@link io.kith.profile.ValueHistograms} must answer: the same as counting the stored events and values one by one.
 */
public abstract class ActivityContract {
    private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<Source> SOURCES = List.of(Sources.WEB_SHOP, Sources.POS, Sources.TELECOM_WEB);

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    private static StoredEvent event(long seq, Source source, Instant ts, Instant received) {
        return new StoredEvent(seq, Events.track("Viewed").messageId("m-" + seq).userId("u" + (seq % 7)).at(ts).receivedAt(received).from(source).event());
    }

    @Test
    void volumeCountsEveryEventInItsPeriodSourceAndBrandAsCountingThemOneByOne() {
        try (Store store = newStore()) {
            SplittableRandom random = new SplittableRandom(7);
            List<StoredEvent> events = new ArrayList<>();
            // edges first: a period's first microsecond and its last, the window's first instant (in) and its end (out)
            Instant[] edges = {DAY0, DAY0.plus(Duration.ofDays(1)).minusNanos(1000), DAY0.plus(Duration.ofDays(3)), DAY0.plus(Duration.ofDays(4))};
            for (Instant t : edges) {
                events.add(event(events.size(), SOURCES.get(events.size() % SOURCES.size()), t, t.plusSeconds(5)));
            }
            for (int i = 0; i < 300; i++) {
                Instant ts = DAY0.minus(Duration.ofDays(1)).plusSeconds(random.nextLong(6 * 86_400L)).plusNanos(random.nextInt(1000) * 1000L);
                Instant received = ts.plusSeconds(random.nextLong(3 * 86_400L));
                events.add(event(events.size(), SOURCES.get(random.nextInt(SOURCES.size())), ts, received));
            }
            store.events().apply(events, List.of(), events.size());
            for (TimeBasis basis : TimeBasis.values()) {
                for (Duration period : List.of(Duration.ofDays(1), Duration.ofHours(6))) {
                    Instant from = DAY0;
                    Instant to = DAY0.plus(Duration.ofDays(4));
                    List<Volume> got = store.activity().volume(basis, from, to, period);
                    assertThat(got).as("%s per %s", basis, period).isEqualTo(oracle(events, basis, from, to, period));
                    assertThat(got).isNotEmpty();
                }
            }
            List<Volume> days = store.activity().volume(TimeBasis.EVENT_TIME, DAY0, DAY0.plus(Duration.ofDays(4)), Duration.ofDays(1));
            assertThat(days).extracting(Volume::period).allSatisfy(p -> assertThat(p.getEpochSecond() % 86_400).isZero());
            assertThat(days).filteredOn(v -> v.sourceId().equals(Sources.TELECOM_WEB.id())).extracting(Volume::brand).containsOnly("northwind-mobile");
            assertThatThrownBy(() -> store.activity().volume(TimeBasis.RECEIVED, DAY0, DAY0, Duration.ofDays(1))).isInstanceOf(KithException.class);
            assertThatThrownBy(() -> store.activity().volume(TimeBasis.RECEIVED, DAY0, DAY0.plusSeconds(1), Duration.ofMillis(1500)))
                    .isInstanceOf(KithException.class);
        }
    }

    private static List<Volume> oracle(List<StoredEvent> events, TimeBasis basis, Instant from, Instant to, Duration period) {
        Map<String, Long> counts = new TreeMap<>();
        for (StoredEvent e : events) {
            Instant t = basis == TimeBasis.RECEIVED ? e.event().receivedAt() : e.event().timestamp();
            if (!t.isBefore(from) && t.isBefore(to)) {
                long p = Math.floorDiv(t.getEpochSecond(), period.toSeconds()) * period.toSeconds();
                counts.merge(String.format("%020d|%s|%s", p, e.event().sourceId(), e.event().brand()), 1L, Long::sum);
            }
        }
        List<Volume> out = new ArrayList<>();
        counts.forEach((k, n) -> {
            String[] parts = k.split("\\|");
            out.add(new Volume(Instant.ofEpochSecond(Long.parseLong(parts[0])), parts[1], parts[2], n));
        });
        return out;
    }

    @Test
    void latestAnswersASourcesNewestEventsFirst() {
        try (Store store = newStore()) {
            List<StoredEvent> events = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                events.add(event(i, i % 4 == 0 ? Sources.POS : Sources.WEB_SHOP, DAY0.plusSeconds(i), DAY0.plusSeconds(i)));
            }
            List<StoredEvent> stored = store.events().apply(events, List.of(), events.size());
            long[] posNewest = stored.stream().filter(e -> e.event().sourceId().equals(Sources.POS.id()))
                    .mapToLong(StoredEvent::sequence).sorted().toArray();
            long[] got = store.activity().latest(Sources.POS.id(), 3);
            assertThat(got).containsExactly(posNewest[9], posNewest[8], posNewest[7]);
            assertThat(store.activity().latest(Sources.POS.id(), 100)).hasSize(10);
            assertThat(store.activity().latest("src_nothing", 5)).isEmpty();
            assertThat(store.activity().latest(Sources.POS.id(), 0)).isEmpty();
            assertThat(store.events().bySequences(got)).extracting(e -> e.event().messageId()).containsExactly("m-36", "m-32", "m-28");
        }
    }

    @Test
    void aHistogramCountsAndSumsTheNumbersInEachBinAndLeavesOtherValuesOut() {
        try (Store store = newStore()) {
            JsonNodeFactory n = JsonNodeFactory.instance;
            Instant t = DAY0;
            SplittableRandom random = new SplittableRandom(3);
            List<Computed> values = new ArrayList<>();
            List<BigDecimal> numbers = new ArrayList<>(List.of(new BigDecimal("-1"), BigDecimal.ZERO, new BigDecimal("10"), new BigDecimal("9.99"),
                    new BigDecimal("100"), new BigDecimal("250.5")));
            for (int i = 0; i < 200; i++) {
                numbers.add(BigDecimal.valueOf(random.nextInt(40_000), 2));
            }
            for (int i = 0; i < numbers.size(); i++) {
                values.add(new Computed("p_" + i, Namespace.MODEL, "clv_12m", n.numberNode(numbers.get(i)), 1, t));
            }
            values.add(new Computed("p_text", Namespace.MODEL, "clv_12m", n.textNode("12"), 1, t));
            values.add(new Computed("p_other", Namespace.MODEL, "churn_risk", n.numberNode(new BigDecimal("0.5")), 1, t));
            store.values().put(values);
            List<BigDecimal> edges = List.of(BigDecimal.ZERO, BigDecimal.TEN, new BigDecimal("100"));
            List<Bin> bins = store.histograms().histogram(Namespace.MODEL, "clv_12m", edges);
            assertThat(bins).hasSize(4);
            assertThat(bins).extracting(Bin::from).containsExactly(null, BigDecimal.ZERO, BigDecimal.TEN, new BigDecimal("100"));
            assertThat(bins).extracting(Bin::to).containsExactly(BigDecimal.ZERO, BigDecimal.TEN, new BigDecimal("100"), null);
            for (Bin b : bins) {
                List<BigDecimal> in = numbers.stream().filter(x -> (b.from() == null || x.compareTo(b.from()) >= 0) && (b.to() == null || x.compareTo(b.to()) < 0)).toList();
                assertThat(b.profiles()).as("bin from %s", b.from()).isEqualTo(in.size());
                assertThat(b.sum()).as("bin from %s", b.from()).isEqualByComparingTo(in.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            }
            assertThat(bins.stream().mapToLong(Bin::profiles).sum()).isEqualTo(numbers.size());
            assertThat(store.histograms().histogram(Namespace.MODEL, "nothing", edges)).extracting(Bin::profiles).containsOnly(0L);
            assertThatThrownBy(() -> store.histograms().histogram(Namespace.MODEL, "clv_12m", List.of(BigDecimal.TEN, BigDecimal.ONE)))
                    .isInstanceOf(KithException.class);
            assertThat(Objects.requireNonNull(bins.get(0).sum())).isEqualByComparingTo("-1");
        }
    }
}
