package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.profile.ProfileValueStore.RfmCell;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's RFM heatmap, and the brand tabs that choose whose figures it (and the models and distributions) shows:
 * one tab per brand the account sees, all brands for accounts of every brand only.
 */
class RfmPanelTest {
    private static final List<String> BRANDS = List.of("northwind", "o'brien & co");

    @Test
    void theGroupGridCountsEachCell() {
        String html = RfmPanel.render(List.of(new RfmCell(5, 5, 40, new BigDecimal("12000.50")), new RfmCell(1, 1, 10, BigDecimal.ONE)), null, null)
                .toString();
        assertThat(html).contains("score: all brands</caption>")
                .contains("<td class=\"heat heat-5\"><strong>40</strong><span>12,001</span></td>")
                .contains("<td class=\"heat heat-2\"><strong>10</strong>");
        assertThat(html.split("<tr><th scope=\"row\">R ", -1)).hasSize(6);
    }

    @Test
    void anAccountOfEveryBrandHasATabPerBrandAndAllBrandsMarkingTheChosenOne() {
        String html = BrandTabs.render(BRANDS, null, true).toString();
        assertThat(html).contains("<a href=\"/dashboard\" aria-current=\"true\">All brands</a>")
                .contains("<a href=\"/dashboard?brand=northwind\">northwind</a>")
                .contains("href=\"/dashboard?brand=o%27brien+%26+co\"").contains(">o&#39;brien &amp; co</a>");
        assertThat(BrandTabs.render(BRANDS, "northwind", true).toString()).contains("<a href=\"/dashboard\">All brands</a>")
                .contains("<a href=\"/dashboard?brand=northwind\" aria-current=\"true\">northwind</a>");
    }

    @Test
    void aBrandScopedAccountHasNoAllBrandsTabAndIsNeverGivenABrandItDoesNotSee() {
        assertThat(BrandTabs.render(List.of("northwind"), "northwind", false).toString()).isEmpty(); // one brand only: nothing to choose
        assertThat(BrandTabs.render(BRANDS, "northwind", false).toString()).doesNotContain("All brands").contains("aria-current=\"true\">northwind<");
        assertThat(BrandTabs.chosen("elsewhere", BRANDS, false)).isEqualTo("northwind");
        assertThat(BrandTabs.chosen(null, BRANDS, false)).isEqualTo("northwind");
        assertThat(BrandTabs.chosen("o'brien & co", BRANDS, false)).isEqualTo("o'brien & co");
        assertThat(BrandTabs.chosen("elsewhere", BRANDS, true)).isNull();
        assertThat(BrandTabs.chosen("northwind", BRANDS, true)).isEqualTo("northwind");
    }

    @Test
    void aBrandsGridSaysItsPass() {
        String html = RfmPanel.render(List.of(new RfmCell(3, 4, 7, BigDecimal.TEN)), "northwind", Instant.parse("2026-06-10T04:00:00Z")).toString();
        assertThat(html).contains("brand northwind, scored among the brand&#39;s customers (pass of")
                .contains("<td class=\"heat heat-5\"><strong>7</strong><span>10</span></td>");
    }

    @Test
    void aBrandWithoutScoresSaysSo() {
        assertThat(RfmPanel.render(List.of(), "northwind", null).toString()).contains("No RFM scores for brand northwind yet");
    }
}
