package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.profile.ProfileValueStore.RfmCell;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's RFM heatmap: one tab per brand the account sees, the group's grid for accounts of every brand only. */
class RfmPanelTest {
    private static final List<String> BRANDS = List.of("northwind", "o'brien & co");

    @Test
    void theGroupGridHasATabPerBrandAndMarksItselfCurrent() {
        String html = RfmPanel.render(List.of(new RfmCell(5, 5, 40, new BigDecimal("12000.50")), new RfmCell(1, 1, 10, BigDecimal.ONE)), BRANDS,
                null, null, true).toString();
        assertThat(html).contains("<a href=\"/dashboard\" aria-current=\"true\">All brands</a>")
                .contains("<a href=\"/dashboard?rfm=northwind\">northwind</a>")
                .contains("href=\"/dashboard?rfm=o%27brien+%26+co\"").contains(">o&#39;brien &amp; co</a>")
                .contains("score: all brands</caption>")
                .contains("<td class=\"heat heat-5\"><strong>40</strong><span>12,001</span></td>")
                .contains("<td class=\"heat heat-2\"><strong>10</strong>");
        assertThat(html.split("<tr><th scope=\"row\">R ", -1)).hasSize(6);
    }

    @Test
    void aBrandsGridSaysItsPassAndABrandScopedAccountHasNoGroupTab() {
        String html = RfmPanel.render(List.of(new RfmCell(3, 4, 7, BigDecimal.TEN)), List.of("northwind"), "northwind",
                Instant.parse("2026-06-10T04:00:00Z"), false).toString();
        assertThat(html).doesNotContain("All brands").doesNotContain("<nav") // one brand only: nothing to choose
                .contains("brand northwind, scored among the brand&#39;s customers (pass of")
                .contains("<td class=\"heat heat-5\"><strong>7</strong><span>10</span></td>");
    }

    @Test
    void aBrandWithoutScoresSaysSo() {
        String html = RfmPanel.render(List.of(), BRANDS, "northwind", null, true).toString();
        assertThat(html).contains("No RFM scores for brand northwind yet").contains("<a href=\"/dashboard?rfm=northwind\" aria-current=\"true\">");
    }
}
