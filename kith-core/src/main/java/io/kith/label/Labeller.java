package io.kith.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.segment.PersonView;
import io.kith.segment.ProfileValue;
import io.kith.segment.SegmentEvaluator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/** Decides a label for one person at an explicit time. Stateless; the one implementation of every {@link LabelRule}. */
public final class Labeller {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Labeller() {
    }

    /** The label's value (a JSON string), or null when the person does not carry it. */
    public static JsonNode label(LabelDefinition label, PersonView person, Instant now) {
        return switch (label.rule()) {
            case LabelRule.When w -> SegmentEvaluator.matches(w.condition(), person, now) ? NODES.textNode("true") : null;
            case LabelRule.Bands b -> {
                BigDecimal n = b.ageOfDate() ? age(value(b.source(), person), now) : SegmentEvaluator.numeric(value(b.source(), person));
                if (n == null) {
                    yield null;
                }
                for (LabelRule.Band band : b.bands()) {
                    if (band.contains(n)) {
                        yield NODES.textNode(band.label());
                    }
                }
                yield null;
            }
            case LabelRule.Copy c -> {
                JsonNode v = value(c.source(), person);
                yield v == null || v.isNull() || v.isContainerNode() ? null : NODES.textNode(v.isTextual() ? v.textValue() : v.toString());
            }
        };
    }

    /** A profile value as the segment evaluator reads it, so that labels and segments never read a value apart (missing: null). */
    static JsonNode value(ProfileValue v, PersonView person) {
        JsonNode value = SegmentEvaluator.valueOf(v, person);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    /** Whole years from a date value to now; null when the value is not a date or lies in the future. */
    private static BigDecimal age(JsonNode date, Instant now) {
        Instant born = SegmentEvaluator.date(date);
        if (born == null || born.isAfter(now)) {
            return null;
        }
        LocalDate b = born.atZone(ZoneOffset.UTC).toLocalDate();
        return BigDecimal.valueOf(Period.between(b, now.atZone(ZoneOffset.UTC).toLocalDate()).getYears());
    }
}
