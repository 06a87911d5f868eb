package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.access.BrandScope;
import io.kith.event.EventActivity;
import io.kith.event.EventActivity.Volume;
import io.kith.profile.ValueHistograms;
import io.kith.profile.ValueHistograms.Bin;
import io.kith.source.Source;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffSession;
import io.kith.testkit.Sources;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboard's ingestion volume and model panels, over hand-written stores. */
class DashboardPanelsTest {
    private static final Instant NOW = Instant.parse("2026-06-10T15:30:00Z");
    private static final Instant TODAY = Instant.parse("2026-06-10T00:00:00Z");

    private static Staff staff(BrandScope brands) {
        return new Staff(new StaffAccount("sa_1", "ann", StaffRole.MARKETER, brands, "h", NOW, NOW), new StaffSession("t", "sa_1", "c", NOW, NOW.plusSeconds(60)));
    }

    /** An activity that answers these rows for any window (and records the window asked for). */
    private static final class Rows implements EventActivity {
        final List<Volume> rows;
        Instant from;
        Instant to;
        Duration period;

        Rows(List<Volume> rows) {
            this.rows = rows;
        }

        @Override
        public List<Volume> volume(TimeBasis basis, Instant from, Instant to, Duration period) {
            this.from = from;
            this.to = to;
            this.period = period;
            return rows;
        }

        @Override
        public long[] latest(String sourceId, int limit) {
            return new long[0];
        }
    }

    private static final List<Source> SOURCES = List.of(Sources.WEB_SHOP, Sources.POS, Sources.TELECOM_WEB);

    private static Html render(EventActivity activity, Staff staff, String window, String basis) {
        VolumePanel panel = new VolumePanel(activity);
        String key = VolumePanel.key(window, basis);
        return panel.render(staff, SOURCES, key, panel.read(key, NOW), NOW);
    }

    @Test
    void theWindowEndsWithTheCurrentPeriodAndCountsEachBrandInItsColumn() {
        Rows activity = new Rows(List.of(
                new Volume(TODAY, "src_webshop", "northwind", 1200),
                new Volume(TODAY, "src_telco_web", "northwind-mobile", 34),
                new Volume(TODAY.minus(Duration.ofDays(29)), "src_pos", "northwind", 7)));
        String html = render(activity, staff(BrandScope.ALL), "", "").toString();
        assertThat(activity.from).isEqualTo(TODAY.minus(Duration.ofDays(29)));
        assertThat(activity.to).isEqualTo(TODAY.plus(Duration.ofDays(1)));
        assertThat(activity.period).isEqualTo(Duration.ofDays(1));
        assertThat(html).contains("1,241 in all").contains("aria-label=\"Events per day by brand: 1,241 events from May 12 to Jun 10; the most, 1,234, on Jun 10\"")
                .contains("<tr><th scope=\"row\">Jun 10</th><td class=\"num\">1,200</td><td class=\"num\">34</td><td class=\"num\">1,234</td></tr>")
                .contains("<tr><th scope=\"row\">May 12</th><td class=\"num\">7</td><td class=\"num\">0</td><td class=\"num\">7</td></tr>")
                .contains(">Web shop<").contains(">Telecom web<");
        assertThat(html.split("<tr><th scope=\"row\">", -1)).hasSize(31); // one row per day of the window
    }

    @Test
    void anAccountOfOneBrandSeesOnlyThatBrandsVolume() {
        Rows activity = new Rows(List.of(new Volume(TODAY, "src_webshop", "northwind", 1200), new Volume(TODAY, "src_telco_web", "northwind-mobile", 34)));
        String html = render(activity, staff(new BrandScope(Set.of("northwind-mobile"))), "48h", "received").toString();
        assertThat(activity.period).isEqualTo(Duration.ofHours(1));
        assertThat(activity.from).isEqualTo(Instant.parse("2026-06-08T16:00:00Z"));
        assertThat(html).contains("34 in all").contains("Telecom web").doesNotContain("Web shop").doesNotContain("1,200").contains("when Kith received them");
        assertThat(html).doesNotContain("/sources/src_telco_web/events"); // a marketer does not open the debugger
    }

    @Test
    void brandsBeyondTheFifthAreDrawnAsOne() {
        List<Volume> rows = new ArrayList<>();
        for (int b = 0; b < 7; b++) {
            rows.add(new Volume(TODAY, "src_" + b, "brand-" + b, 100 - b));
        }
        String html = render(new Rows(rows), staff(BrandScope.ALL), "", "").toString();
        assertThat(html).contains("brand-0").contains("brand-4").contains("other brands").contains("<td class=\"num\">189</td>")
                .contains("class=\"swatch s5\"").doesNotContain("class=\"swatch s6\"");
    }

    @Test
    void noEventsSaysSo() {
        assertThat(render(new Rows(List.of()), staff(BrandScope.ALL), "", "").toString()).contains("No events in this window");
    }

    @Test
    void modelResultsShowBothDistributionsAndTheirTotals() {
        ValueHistograms histograms = (ns, name, edges, brand) -> {
            List<Bin> out = new ArrayList<>();
            for (int i = 0; i <= edges.size(); i++) {
                long n = name.equals(ModelPanel.CLV) ? (i == 2 ? 3 : 0) : (i == 9 ? 2 : i == 0 ? 1 : 0);
                BigDecimal sum = name.equals(ModelPanel.CLV) ? new BigDecimal("90") : i == 9 ? new BigDecimal("1.9") : new BigDecimal("0.05");
                out.add(new Bin(i == 0 ? null : edges.get(i - 1), i == edges.size() ? null : edges.get(i), n, n == 0 ? BigDecimal.ZERO : sum));
            }
            return out;
        };
        String html = ModelPanel.render(new ModelPanel(histograms).read(null)).toString();
        assertThat(html).contains("Customers of all brands.").contains("Customers scored: 3").contains("<strong>90</strong>").contains("<strong>0.65</strong>")
                .contains("10 – 50 3").contains("0 – 0.1 1").contains("0.9 – 1 2").doesNotContain("below 0");
        ValueHistograms none = (ns, name, edges, brand) -> List.of(new Bin(null, null, 0, BigDecimal.ZERO));
        assertThat(ModelPanel.render(new ModelPanel(none).read(null)).toString()).contains("No model results for all brands yet");
    }

    @Test
    void modelResultsOfABrandAreReadForThatBrand() {
        List<java.util.Optional<String>> asked = new ArrayList<>();
        ValueHistograms histograms = (ns, name, edges, brand) -> {
            asked.add(brand);
            List<Bin> out = new ArrayList<>();
            for (int i = 0; i <= edges.size(); i++) {
                out.add(new Bin(i == 0 ? null : edges.get(i - 1), i == edges.size() ? null : edges.get(i), i == 1 ? 4 : 0, i == 1 ? BigDecimal.TEN : BigDecimal.ZERO));
            }
            return out;
        };
        String html = ModelPanel.render(new ModelPanel(histograms).read("northwind")).toString();
        assertThat(asked).containsOnly(java.util.Optional.of("northwind")).hasSize(2);
        assertThat(html).contains("Customers of brand northwind.").contains("Customers scored: 4");
    }

    @Test
    void aHoldIsSaidAboveTheFiguresAndNothingWhileTheWorkFollows() {
        io.kith.projection.FollowerState behind = io.kith.projection.FollowerState.of(io.kith.projection.FollowerState.Hold.CATCHING_UP, 2_345_678, 100_000);
        String notice = DashboardScreen.holding(behind).toString();
        assertThat(notice).contains("role=\"status\"", "data-hold=\"CATCHING_UP\"", "These figures trail the events for now",
                "The projector is 2,345,678 events behind the log", "within 100,000 events", "at most 10 minutes");
        assertThat(DashboardScreen.holding(io.kith.projection.FollowerState.of(io.kith.projection.FollowerState.Hold.REBUILDING, 0, 100_000)).toString())
                .contains("Identity is being rebuilt");
        assertThat(DashboardScreen.holding(io.kith.projection.FollowerState.of(io.kith.projection.FollowerState.Hold.NONE, 12, 100_000)).toString()).isEmpty();
    }
}
