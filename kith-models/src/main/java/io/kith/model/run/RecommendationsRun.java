package io.kith.model.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.derive.Definitions;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.model.recommend.Interaction;
import io.kith.model.recommend.ItemToItem;
import io.kith.model.recommend.ItemToItemSettings;
import io.kith.model.recommend.LeaveLastOut;
import io.kith.model.recommend.Recommendation;
import io.kith.model.recommend.Recommendations;
import io.kith.prediction.ModelJobs.RecommendationList;
import io.kith.prediction.ModelJobs.Recommended;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code recommendations} model in the server: item-to-item collaborative filtering ({@link ItemToItem}) on the
 * products of the purchases and of {@code Product Viewed}; each customer's top {@link #TOP} as the value
 * {@code recommendations} (products, score, why), the run's most popular products in its record for everyone else (the
 * fallback for a new customer), and the offline evaluation (the last purchase of each customer held out: hit rate =
 * recall@10 against popularity) as the run's metrics.
 */
final class RecommendationsRun {
    /** How many products are kept per customer. */
    static final int TOP = 10;
    static final String VALUE = "recommendations";
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private RecommendationsRun() {
    }

    static void run(RunData data, ItemToItemSettings settings, RunOutput out, ObjectNode record) {
        Set<String> items = new LinkedHashSet<>();
        Set<String> buyers = new LinkedHashSet<>();
        for (Interaction i : data.interactions) {
            items.add(i.itemId());
            if (i.kind() == Interaction.Kind.PURCHASE) {
                buyers.add(i.customerId());
            }
        }
        if (items.size() < 2 || buyers.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "recommendations need purchases of at least 2 products (properties.products[].product_id "
                    + "of " + data.source.event() + "); there are " + items.size() + " products bought or viewed by " + buyers.size() + " buyers");
        }
        LeaveLastOut evaluation = LeaveLastOut.evaluate(data.interactions, settings, TOP);
        ItemToItem model = ItemToItem.fit(data.interactions, settings);
        List<String> customers = data.interactions.stream().map(Interaction::customerId).distinct().toList();
        List<Computed> values = new ArrayList<>();
        for (Recommendations r : model.recommendAll(customers, TOP)) {
            ArrayNode list = N.arrayNode();
            r.items().forEach(i -> list.add(item(i, data.productNames)));
            values.add(out.value(r.customerId(), VALUE, list));
        }
        out.replaceAll(VALUE, values);
        ObjectNode params = record.putObject("parameters");
        params.put("modelVersion", model.version().toString());
        params.put("top", TOP);
        params.put("neighbours", settings.neighbours());
        params.put("viewWeight", settings.viewWeight());
        params.put("viewEvent", RunData.PRODUCT_VIEWED);
        ArrayNode popular = params.putArray("popular");
        model.recommend("", TOP).items().forEach(i -> popular.add(item(i, data.productNames)));
        ObjectNode metrics = record.putObject("metrics");
        metrics.put("products", model.items());
        metrics.put("customers", customers.size());
        metrics.put("purchases", data.interactions.size() - data.views);
        metrics.put("views", data.views);
        ObjectNode eval = metrics.putObject("leaveLastOut");
        eval.put("n", evaluation.n());
        eval.put("customersEvaluated", evaluation.customers());
        eval.put("hitRate", round(evaluation.hitRate()));
        eval.put("recall", round(evaluation.hitRate()));
        eval.put("popularityHitRate", round(evaluation.popularHitRate()));
    }

    /** The person's list, or else the popular products of the last run; empty before any run. */
    static Optional<RecommendationList> read(List<Computed> stored, Definitions definitions) {
        for (Computed c : stored) {
            if (c.namespace() == Namespace.MODEL && c.name().equals(VALUE) && c.value().isArray()) {
                Optional<Definitions.Saved> run = definitions.version(Definitions.Kind.MODEL_RUN, VALUE, c.version());
                return Optional.of(new RecommendationList("item-to-item", c.version(), c.computedAt(),
                        run.map(r -> r.body().path("parameters").path("modelVersion").asText()).orElse(null), items(c.value())));
            }
        }
        return definitions.latest(Definitions.Kind.MODEL_RUN, VALUE).map(r -> new RecommendationList("popular", r.version(), r.savedAt(),
                r.body().path("parameters").path("modelVersion").asText(), items(r.body().path("parameters").path("popular"))));
    }

    private static ObjectNode item(Recommendation r, Map<String, String> names) {
        ObjectNode o = N.objectNode();
        o.put("productId", r.itemId());
        o.put("name", names.get(r.itemId()));
        o.put("score", round(r.score()));
        String why = r.reason();
        if (!r.because().isEmpty()) {
            why = "bought or viewed with " + String.join(", ", r.because().stream().map(b -> names.getOrDefault(b, b)).toList());
        }
        o.put("why", why);
        return o;
    }

    private static List<Recommended> items(JsonNode list) {
        List<Recommended> out = new ArrayList<>();
        for (JsonNode o : list) {
            out.add(new Recommended(o.path("productId").asText(), o.path("name").isTextual() ? o.path("name").asText() : null,
                    o.path("score").asDouble(), o.path("why").asText()));
        }
        return List.copyOf(out);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
