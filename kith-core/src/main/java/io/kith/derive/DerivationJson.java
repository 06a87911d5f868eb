package io.kith.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.label.LabelDefinition;
import io.kith.label.LabelFamily;
import io.kith.label.LabelRule;
import io.kith.segment.ProfileValue;
import io.kith.segment.SegmentJson;
import io.kith.trait.ComputedTrait;
import io.kith.trait.TraitFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of computed traits and labels (the API's and the store's). Event filters, windows and conditions are
 * written as in the segment JSON form ({@link SegmentJson}):
 * <pre>
 * {"name": "orders_90d", "description": "...", "function": "count",
 *  "filter": {"event": "Order Completed"}, "window": {"type": "within", "duration": "P90D"}}
 * {"name": "favourite_category", "function": "most_frequent", "path": "properties.category", "filter": {...}, "window": {...}}
 * {"name": "age_band", "family": "demographic", "rule": {"bands": {"source": {"namespace": "trait", "name": "birthday"},
 *  "ageOfDate": true, "bands": [{"label": "18-24", "from": 18, "to": 25}, ...]}}}
 * {"name": "cart_abandoned_3d", "family": "journey", "rule": {"when": <condition>}}
 * {"name": "top_category", "family": "preference", "rule": {"copy": {"namespace": "computed", "name": "favourite_category"}}}
 * </pre>
 */
public final class DerivationJson {
    private static final JsonNodeFactory N = JsonNodeFactory.withExactBigDecimals(true);

    private DerivationJson() {
    }

    public static ObjectNode toJson(ComputedTrait t) {
        ObjectNode o = N.objectNode().put("name", t.name()).put("description", t.description());
        switch (t.function()) {
            case TraitFunction.Count c -> o.put("function", "count");
            case TraitFunction.Sum s -> o.put("function", "sum").put("path", s.path());
            case TraitFunction.Avg a -> o.put("function", "avg").put("path", a.path());
            case TraitFunction.Min m -> o.put("function", "min").put("path", m.path());
            case TraitFunction.Max m -> o.put("function", "max").put("path", m.path());
            case TraitFunction.First f -> o.put("function", "first").put("path", f.path());
            case TraitFunction.Last l -> o.put("function", "last").put("path", l.path());
            case TraitFunction.MostFrequent m -> o.put("function", "most_frequent").put("path", m.path());
            case TraitFunction.DistinctList d -> o.put("function", "distinct_list").put("path", d.path()).put("limit", d.limit());
        }
        o.set("filter", SegmentJson.toJson(t.filter()));
        o.set("window", SegmentJson.toJson(t.window()));
        return o;
    }

    public static ComputedTrait computedTrait(JsonNode n) {
        try {
            String function = text(n, "function");
            String path = n.hasNonNull("path") ? n.get("path").asText() : null;
            TraitFunction f = switch (function) {
                case "count" -> new TraitFunction.Count();
                case "sum" -> new TraitFunction.Sum(need(path, function));
                case "avg" -> new TraitFunction.Avg(need(path, function));
                case "min" -> new TraitFunction.Min(need(path, function));
                case "max" -> new TraitFunction.Max(need(path, function));
                case "first" -> new TraitFunction.First(need(path, function));
                case "last" -> new TraitFunction.Last(need(path, function));
                case "most_frequent" -> new TraitFunction.MostFrequent(need(path, function));
                case "distinct_list" -> new TraitFunction.DistinctList(need(path, function), n.path("limit").asInt(100));
                default -> throw new IllegalArgumentException("unknown function '" + function
                        + "'; functions are count, sum, avg, min, max, first, last, most_frequent, distinct_list");
            };
            if (path != null && !io.kith.segment.Names.isPath(path)) {
                throw new IllegalArgumentException("'path' must be names joined by dots, e.g. properties.revenue");
            }
            return new ComputedTrait(text(n, "name"), n.path("description").asText(""), f,
                    SegmentJson.readFilter(n.path("filter").isMissingNode() ? N.objectNode() : n.get("filter"), "$.filter"),
                    n.has("window") ? SegmentJson.readWindow(n.get("window"), "$.window") : new io.kith.segment.Window.Ever());
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "computed trait: " + e.getMessage());
        }
    }

    public static ObjectNode toJson(LabelDefinition l) {
        ObjectNode o = N.objectNode().put("name", l.name()).put("family", l.family().name().toLowerCase(Locale.ROOT))
                .put("description", l.description());
        ObjectNode rule = o.putObject("rule");
        switch (l.rule()) {
            case LabelRule.When w -> rule.set("when", SegmentJson.toJson(w.condition()));
            case LabelRule.Copy c -> rule.set("copy", value(c.source()));
            case LabelRule.Bands b -> {
                ObjectNode bands = rule.putObject("bands");
                bands.set("source", value(b.source()));
                bands.put("ageOfDate", b.ageOfDate());
                var list = bands.putArray("bands");
                for (LabelRule.Band band : b.bands()) {
                    ObjectNode x = list.addObject().put("label", band.label());
                    if (band.from() != null) {
                        x.put("from", band.from());
                    }
                    if (band.to() != null) {
                        x.put("to", band.to());
                    }
                }
            }
        }
        return o;
    }

    public static LabelDefinition label(JsonNode n) {
        try {
            LabelFamily family = LabelFamily.valueOf(text(n, "family").toUpperCase(Locale.ROOT));
            JsonNode rule = n.path("rule");
            LabelRule r;
            if (rule.has("when")) {
                r = new LabelRule.When(SegmentJson.read(rule.get("when")));
            } else if (rule.has("copy")) {
                r = new LabelRule.Copy(source(rule.get("copy")));
            } else if (rule.has("bands")) {
                JsonNode b = rule.get("bands");
                List<LabelRule.Band> bands = new ArrayList<>();
                for (JsonNode x : b.path("bands")) {
                    bands.add(new LabelRule.Band(text(x, "label"), x.hasNonNull("from") ? x.get("from").decimalValue() : null,
                            x.hasNonNull("to") ? x.get("to").decimalValue() : null));
                }
                r = new LabelRule.Bands(source(b.path("source")), b.path("ageOfDate").asBoolean(false), bands);
            } else {
                throw new IllegalArgumentException("'rule' needs one of when, copy or bands");
            }
            return new LabelDefinition(text(n, "name"), family, n.path("description").asText(""), r);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "label: " + e.getMessage());
        }
    }

    /** The RFM settings: {@code {"event", "amountPaths": [...], "orderIdPath", "windowDays"}} (every field optional). */
    public static Derivations.RfmSource rfm(JsonNode n) {
        try {
            Derivations.RfmSource d = Derivations.RfmSource.DEFAULT;
            List<String> amounts = new ArrayList<>();
            n.path("amountPaths").forEach(x -> amounts.add(x.asText()));
            for (String path : amounts) {
                if (!io.kith.segment.Names.isPath(path)) {
                    throw new IllegalArgumentException("'amountPaths' holds paths such as properties.revenue, not '" + path + "'");
                }
            }
            String orderId = n.hasNonNull("orderIdPath") ? n.get("orderIdPath").asText() : d.orderIdPath();
            if (!io.kith.segment.Names.isPath(orderId)) {
                throw new IllegalArgumentException("'orderIdPath' is a path such as properties.order_id, not '" + orderId + "'");
            }
            JsonNode event = n.get("event");
            if (event != null && !event.isNull() && !event.isTextual()) {
                throw new IllegalArgumentException("'event' must be an event name in a string, got " + event);
            }
            return new Derivations.RfmSource(event != null && !event.isNull() ? event.textValue() : d.event(),
                    amounts.isEmpty() ? d.amountPaths() : amounts, orderId, windowDays(n.get("windowDays")));
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "RFM settings: " + e.getMessage());
        }
    }

    /** The RFM window in days, or null for all time; strict (asInt would read "30" as 30, 30.5 as 30, 2^32 + 30 as 30). */
    private static Integer windowDays(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(Derivations.RfmSource.windowDaysProblem(n.toString()));
        }
        return n.intValue();
    }

    public static ObjectNode toJson(Derivations.RfmSource r) {
        ObjectNode o = N.objectNode().put("event", r.event());
        var a = o.putArray("amountPaths");
        r.amountPaths().forEach(a::add);
        o.put("orderIdPath", r.orderIdPath());
        if (r.windowDays() != null) {
            o.put("windowDays", r.windowDays());
        } else {
            o.putNull("windowDays");
        }
        return o;
    }

    private static ObjectNode value(ProfileValue v) {
        return N.objectNode().put("namespace", v.namespace().word()).put("name", v.name());
    }

    private static ProfileValue source(JsonNode n) {
        ProfileValue.Namespace ns = ProfileValue.Namespace.fromWord(text(n, "namespace"))
                .orElseThrow(() -> new IllegalArgumentException("unknown namespace '" + n.path("namespace").asText() + "'"));
        return new ProfileValue(ns, text(n, "name"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required (a string)");
        }
        return v.textValue();
    }

    private static String need(String path, String function) {
        if (path == null) {
            throw new IllegalArgumentException("'" + function + "' needs a 'path' to read from each event, e.g. properties.revenue");
        }
        return path;
    }

}
