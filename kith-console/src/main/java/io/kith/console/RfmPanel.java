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
     * The RFM grid as a heatmap, with a tab per brand the account sees (and one for the whole group, for accounts of
     * every brand): the group's grid is read from the scores on the profiles, a brand's from the last whole pass.
     */
    static Html render(List<ProfileValueStore.RfmCell> cells, List<String> brands, String brand, Instant passAt, boolean allBrands) {
        List<Html> tabs = new ArrayList<>();
        if (allBrands) {
            tabs.add(Html.of("<a href=\"/dashboard\"{}>All brands</a>", brand == null ? Html.of(" aria-current=\"true\"") : Html.EMPTY));
        }
        for (String b : brands) {
            tabs.add(Html.of("<a href=\"/dashboard?rfm={}\"{}>{}</a>", java.net.URLEncoder.encode(b, java.nio.charset.StandardCharsets.UTF_8),
                    b.equals(brand) ? Html.of(" aria-current=\"true\"") : Html.EMPTY, b));
        }
        Html nav = tabs.size() > 1 ? Html.of("<nav class=\"choices\" aria-label=\"RFM grid of\">{}</nav>", Html.join(tabs)) : Html.EMPTY;
        String scope = brand == null ? "all brands" : "brand " + brand;
        if (cells.isEmpty()) {
            return Html.of("<section class=\"panel\" aria-labelledby=\"d-rfm\"><h2 id=\"d-rfm\">RFM grid</h2>{}<p class=\"empty\">No RFM scores for {} yet. "
                    + "They are computed with the segment engine's derived values (and <code>kith rfm</code> scores any transactions file).</p></section>",
                    nav, scope);
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
                <section class="panel" aria-labelledby="d-rfm"><h2 id="d-rfm">RFM grid</h2>{}
                <table class="rfm"><caption class="muted">Customers (and revenue) per recency × frequency-and-monetary score: {}</caption>
                <thead><tr><td></td><th scope="col">FM 1</th><th scope="col">FM 2</th><th scope="col">FM 3</th><th scope="col">FM 4</th><th scope="col">FM 5</th></tr></thead>
                <tbody>{}</tbody></table></section>""", nav, brand == null ? "all brands"
                : "brand " + brand + ", scored among the brand's customers" + (passAt == null ? "" : " (pass of " + CustomerScreens.time(passAt) + " UTC)"),
                Html.join(rows));
    }
}
