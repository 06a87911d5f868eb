package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.profile.Profile;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelBadgesTest {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final Profile P = new Profile("p_1", List.of(), Map.of(), Set.of(), Set.of(), T, T, 1, Map.of(), List.of());

    @Test
    void modelLabelsAndHeadlineValuesCarryTheirVersionAndExplanationAsTitle() {
        List<Computed> values = List.of(
                new Computed("p_1", Namespace.LABEL, "churn_risk", N.textNode("high"), 1, T),
                new Computed("p_1", Namespace.LABEL, "cluster", N.textNode("lapsed, one-off"), 2, T),
                new Computed("p_1", Namespace.LABEL, "lapsed", N.textNode("true"), 1, T),
                new Computed("p_1", Namespace.MODEL, "clv_12m", N.numberNode(12.5), 3, T),
                new Computed("p_1", Namespace.MODEL, "tenure_days", N.numberNode(400), 3, T));
        String html = CustomerScreens.badges(P, values, Map.of("clv", "model clv run clv-3, 2026-06-01 12:00 UTC: 5 repeat purchases <over>"))
                .toString();
        assertThat(html).contains("<span class=\"badge badge-model\" title=\"model clv run clv-3, 2026-06-01 12:00 UTC: 5 repeat purchases &lt;over&gt;\">churn risk: high</span>")
                .contains("title=\"label v2 over the clusters model&#39;s values\">cluster: lapsed, one-off</span>")
                .contains("<span class=\"badge badge-label\">lapsed: true</span>")
                .contains(">clv 12m: 12.5</span>")
                .doesNotContain("tenure");
    }
}
