package io.kith.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's brand tabs: which brand's figures the RFM grid, the customer models and the distributions show. A tab
 * per brand the account sees, and "All brands" for accounts of every brand; nothing to choose for an account of one brand.
 */
final class BrandTabs {
    private BrandTabs() {
    }

    /** The dashboard's address with this brand chosen ({@code null}: all brands). */
    static String href(String brand) {
        return brand == null ? "/dashboard" : "/dashboard?brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8);
    }

    /**
     * The brand a request asks for when the account sees it; otherwise all brands for an account of every brand, and the
     * account's first brand for one limited to brands ({@code null} only when it sees none of the sources' brands).
     */
    static String chosen(String asked, List<String> brands, boolean allBrands) {
        return asked != null && brands.contains(asked) ? asked : allBrands || brands.isEmpty() ? null : brands.get(0);
    }

    static Html render(List<String> brands, String brand, boolean allBrands) {
        List<Html> tabs = new ArrayList<>();
        if (allBrands) {
            tabs.add(Html.of("<a href=\"/dashboard\"{}>All brands</a>", brand == null ? Html.of(" aria-current=\"true\"") : Html.EMPTY));
        }
        for (String b : brands) {
            tabs.add(Html.of("<a href=\"{}\"{}>{}</a>", href(b), b.equals(brand) ? Html.of(" aria-current=\"true\"") : Html.EMPTY, b));
        }
        return tabs.size() > 1 ? Html.of("<nav class=\"choices wide\" aria-label=\"Brand of the RFM grid, models and distributions\">"
                + "<span class=\"muted\">Figures of</span>{}</nav>", Html.join(tabs)) : Html.EMPTY;
    }
}
