package io.kith.trait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.segment.EventView;
import io.kith.segment.SegmentEvaluator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a {@link ComputedTrait} for one person from their events at an explicit time. The one implementation:
 * the live path (a person's events when they change) and a whole recomputation (every person's events streamed from
 * the store) both call it, so they cannot disagree. Stateless.
 */
public final class TraitComputer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TraitComputer() {
    }

    /** The trait's value, or null when it has none. */
    public static JsonNode compute(ComputedTrait trait, List<EventView> events, Instant now) {
        List<EventView> matching = new ArrayList<>();
        for (EventView e : events) {
            if (trait.window().contains(e.timestamp(), now) && SegmentEvaluator.matchesFilter(trait.filter(), e, now)) {
                matching.add(e);
            }
        }
        matching.sort(Comparator.comparing(EventView::timestamp).thenComparingLong(EventView::sequence));
        return switch (trait.function()) {
            case TraitFunction.Count c -> NODES.numberNode(matching.size());
            case TraitFunction.Sum s -> numbers(matching, s.path()).stream().reduce(BigDecimal::add).map(TraitComputer::number).orElse(null);
            case TraitFunction.Avg a -> {
                List<BigDecimal> n = numbers(matching, a.path());
                yield n.isEmpty() ? null : number(n.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(BigDecimal.valueOf(n.size()), 10, RoundingMode.HALF_EVEN));
            }
            case TraitFunction.Min m -> numbers(matching, m.path()).stream().min(BigDecimal::compareTo).map(TraitComputer::number).orElse(null);
            case TraitFunction.Max m -> numbers(matching, m.path()).stream().max(BigDecimal::compareTo).map(TraitComputer::number).orElse(null);
            case TraitFunction.First f -> {
                for (EventView e : matching) {
                    JsonNode v = scalar(e, f.path());
                    if (v != null) {
                        yield v;
                    }
                }
                yield null;
            }
            case TraitFunction.Last l -> {
                for (int i = matching.size() - 1; i >= 0; i--) {
                    JsonNode v = scalar(matching.get(i), l.path());
                    if (v != null) {
                        yield v;
                    }
                }
                yield null;
            }
            case TraitFunction.MostFrequent m -> {
                Map<String, long[]> counts = new TreeMap<>();
                Map<String, JsonNode> values = new TreeMap<>();
                for (EventView e : matching) {
                    JsonNode v = scalar(e, m.path());
                    if (v != null) {
                        counts.computeIfAbsent(v.toString(), k -> new long[1])[0]++;
                        values.putIfAbsent(v.toString(), v);
                    }
                }
                String best = null;
                long most = 0;
                for (Map.Entry<String, long[]> c : counts.entrySet()) { // sorted: the first of a tie wins
                    if (c.getValue()[0] > most) {
                        most = c.getValue()[0];
                        best = c.getKey();
                    }
                }
                yield best == null ? null : values.get(best);
            }
            case TraitFunction.DistinctList d -> {
                TreeSet<String> texts = new TreeSet<>();
                Map<String, JsonNode> values = new TreeMap<>();
                for (EventView e : matching) {
                    JsonNode v = scalar(e, d.path());
                    if (v != null) {
                        texts.add(v.toString());
                        values.putIfAbsent(v.toString(), v);
                    }
                }
                if (texts.isEmpty()) {
                    yield null;
                }
                var array = NODES.arrayNode();
                for (String t : texts) {
                    if (array.size() == d.limit()) {
                        break;
                    }
                    array.add(values.get(t));
                }
                yield array;
            }
        };
    }

    private static List<BigDecimal> numbers(List<EventView> events, String path) {
        List<BigDecimal> out = new ArrayList<>();
        for (EventView e : events) {
            BigDecimal n = SegmentEvaluator.numeric(e.at(path));
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The scalar (string, number, boolean) at the path, or null. */
    private static JsonNode scalar(EventView e, String path) {
        JsonNode v = e.at(path);
        return v != null && (v.isTextual() || v.isNumber() || v.isBoolean()) ? v : null;
    }

    private static JsonNode number(BigDecimal n) {
        BigDecimal stripped = n.stripTrailingZeros();
        return NODES.numberNode(stripped.scale() < 0 ? stripped.setScale(0) : stripped);
    }
}
