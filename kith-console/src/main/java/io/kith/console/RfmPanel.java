package io.kith.console;

import io.kith.profile.ProfileValueStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's RFM grid: customers and revenue per recency × frequency-and-monetary cell, as a heatmap. */
final class RfmPanel {
    private RfmPanel() {
    }

    /**
     * The RFM grid as a heatmap of all brands (read from the scores on the profiles) or of one brand (from the last whole
     * pass, which scores the brand's customers among the brand's); {@link BrandTabs} choose which.
     */
    static Html render(List<ProfileValueStore.RfmCell> cells, String brand, Instant passAt) {
        String scope = brand == null ? "all brands" : "brand " + brand;
        if (cells.isEmpty()) {
            return Html.of("<section class=\"panel\" aria-labelledby=\"d-rfm\"><h2 id=\"d-rfm\">RFM grid</h2><p class=\"empty\">No RFM scores for {} yet. "
                    + "They are computed with the segment engine's derived values (and <code>kith rfm</code> scores any transactions file).</p></section>",
                    scope);
        }
        long max = cells.stream().mapToLong(ProfileValueStore.RfmCell::profiles).max().orElse(1);
        Map<String, ProfileValueStore.RfmCell> byCell = new LinkedHashMap<>();
        cells.forEach(c -> byCell.put(c.r() + ":" + c.fm(), c));
        List<Html> rows = new ArrayList<>();
        for (int r = 5; r >= 1; r--) {
            List<Html> tds = new ArrayList<>();
            for (int fm = 1; fm <= 5; fm++) {
                ProfileValueStore.RfmCell c = byCell.get(r + ":" + fm);
                long n = c == null ? 0 : c.profiles();
                int heat = n == 0 ? 0 : (int) Math.min(5, 1 + (4 * n) / Math.max(1, max));
                BigDecimal revenue = c == null ? BigDecimal.ZERO : c.revenue();
                tds.add(Html.of("<td class=\"heat heat-{}\"><strong>{}</strong><span>{}</span></td>", heat, String.format("%,d", n),
                        String.format("%,.0f", revenue)));
            }
            rows.add(Html.of("<tr><th scope=\"row\">R {}</th>{}</tr>", r, Html.join(tds)));
        }
        return Html.of("""
                <section class="panel" aria-labelledby="d-rfm"><h2 id="d-rfm">RFM grid</h2>
                <table class="rfm"><caption class="muted">Customers (and revenue) per recency × frequency-and-monetary score: {}</caption>
                <thead><tr><td></td><th scope="col">FM 1</th><th scope="col">FM 2</th><th scope="col">FM 3</th><th scope="col">FM 4</th><th scope="col">FM 5</th></tr></thead>
                <tbody>{}</tbody></table></section>""", brand == null ? "all brands"
                : "brand " + brand + ", scored among the brand's customers" + (passAt == null ? "" : " (pass of " + CustomerScreens.time(passAt) + " UTC)"),
                Html.join(rows));
    }
}
