package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.IdentifierPresent;
import io.kith.segment.Condition.InSegment;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.ProfileValueCondition;
import io.kith.segment.Condition.SequenceCondition;
import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference evaluator: decides whether one person satisfies a condition at an explicit evaluation time, following
 * the semantics written on {@link Condition}, {@link Window}, {@link Comparison} and {@link Aggregate} as directly as
 * possible. It is the oracle the SQL compilers and the incremental engine are tested against, so it is written for
 * obviousness, not speed: it scans every event for every leaf. Stateless and thread-safe.
 */
public final class SegmentEvaluator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SegmentEvaluator() {
    }

    /** Whether {@code person} satisfies {@code condition} at {@code now}. */
    public static boolean matches(Condition condition, PersonView person, Instant now) {
        return switch (condition) {
            case And and -> and.conditions().stream().allMatch(c -> matches(c, person, now));
            case Or or -> or.conditions().stream().anyMatch(c -> matches(c, person, now));
            case Not not -> !matches(not.condition(), person, now);
            case ProfileValueCondition p -> compare(valueOf(p.value(), person), p.comparison(), now);
            case IdentifierPresent i -> person.identifierTypes().contains(i.type());
            case InSegment in -> person.memberOf().contains(in.segmentKey());
            case EventCondition e -> eventCondition(e, person, now);
            case SequenceCondition s -> sequence(s, person, now);
        };
    }

    // ---- profile values -------------------------------------------------------------------------------------------

    /** The JSON form of a profile value, or null when it is missing. */
    public static JsonNode valueOf(ProfileValue v, PersonView p) {
        String name = v.name();
        return switch (v.namespace()) {
            case TRAIT -> {
                int dot = name.indexOf('.');
                JsonNode root = p.traits().get(dot < 0 ? name : name.substring(0, dot));
                yield dot < 0 ? root : io.kith.event.Event.at(root, name.substring(dot + 1)); // the dotted-path rule of event properties
            }
            case COMPUTED -> p.computed().get(name);
            case LABEL -> text(p.labels().get(name));
            case CONSENT -> text(p.consent().get(name));
            case MODEL -> number(p.models().get(name));
            case RFM -> {
                PersonView.Rfm r = p.rfm();
                if (r != null && v.brand().isPresent()) {
                    r = r.brands().get(v.brand().get());
                }
                if (r == null) {
                    yield null;
                }
                yield switch (v.field()) {
                    case "segment" -> text(r.segment());
                    case "r" -> r.r() == null ? null : NODES.numberNode(r.r());
                    case "f" -> r.f() == null ? null : NODES.numberNode(r.f());
                    case "m" -> r.m() == null ? null : NODES.numberNode(r.m());
                    case "recency_days" -> number(r.recencyDays());
                    case "frequency" -> number(r.frequency());
                    case "monetary" -> number(r.monetary());
                    default -> throw new IllegalStateException("unknown RFM value " + name);
                };
            }
            case PROFILE -> switch (name) {
                case "brands" -> strings(p.brands());
                case "sources" -> strings(p.sources());
                case "first_seen" -> p.firstSeen() == null ? null : text(p.firstSeen().toString());
                case "last_seen" -> p.lastSeen() == null ? null : text(p.lastSeen().toString());
                case "event_count" -> NODES.numberNode(p.eventCount());
                default -> throw new IllegalStateException("unknown profile value " + name);
            };
        };
    }

    private static JsonNode text(String s) {
        return s == null ? null : NODES.textNode(s);
    }

    private static JsonNode number(BigDecimal n) {
        return n == null ? null : NODES.numberNode(n);
    }

    private static JsonNode strings(Iterable<String> values) {
        var array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    // ---- comparisons ----------------------------------------------------------------------------------------------

    /** A comparison of a value (null or JSON null: missing) with a literal, by the rules on {@link Comparison}. */
    static boolean compare(JsonNode value, Comparison c, Instant now) {
        boolean missing = value == null || value.isNull() || value.isMissingNode();
        if (c.op() == Operator.ABSENT) {
            return missing;
        }
        if (missing) {
            return false;
        }
        Literal lit = c.value();
        return switch (c.op()) {
            case EXISTS -> true;
            case ABSENT -> throw new IllegalStateException("handled above");
            case EQ -> equal(value, lit);
            case NE -> sameType(value, lit) && !equal(value, lit);
            case LT, LE, GT, GE -> {
                BigDecimal n = numeric(value);
                if (n == null) {
                    yield false;
                }
                int cmp = n.compareTo(((NumberLit) lit).value());
                yield switch (c.op()) {
                    case LT -> cmp < 0;
                    case LE -> cmp <= 0;
                    case GT -> cmp > 0;
                    default -> cmp >= 0;
                };
            }
            case IN -> ((ListLit) lit).values().stream().anyMatch(v -> equal(value, v));
            case NOT_IN -> {
                List<Literal> values = ((ListLit) lit).values();
                yield sameType(value, values.get(0)) && values.stream().noneMatch(v -> equal(value, v));
            }
            case CONTAINS -> {
                if (value.isTextual()) {
                    yield lit instanceof StringLit s && value.textValue().contains(s.value());
                }
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (equal(element, lit)) {
                            yield true;
                        }
                    }
                }
                yield false;
            }
            case STARTS_WITH -> value.isTextual() && value.textValue().startsWith(((StringLit) lit).value());
            case BEFORE -> {
                Instant t = date(value);
                yield t != null && t.isBefore(((DateLit) lit).value());
            }
            case AFTER -> {
                Instant t = date(value);
                yield t != null && t.isAfter(((DateLit) lit).value());
            }
            case WITHIN_LAST -> {
                Instant t = date(value);
                yield t != null && !t.isBefore(now.minus(((DurationLit) lit).value())) && !t.isAfter(now);
            }
        };
    }

    /** Whether a value has the type a literal compares with: needed for != and not in, which are false on a wrong type. */
    private static boolean sameType(JsonNode value, Literal lit) {
        return switch (lit) {
            case StringLit s -> value.isTextual();
            case NumberLit n -> numeric(value) != null;
            case BoolLit b -> value.isBoolean();
            case DateLit d -> date(value) != null;
            case DurationLit d -> false;
            case ListLit l -> false;
            case NoLit n -> false;
        };
    }

    private static boolean equal(JsonNode value, Literal lit) {
        if (value == null || value.isNull()) {
            return false;
        }
        return switch (lit) {
            case StringLit s -> value.isTextual() && value.textValue().equals(s.value());
            case NumberLit n -> {
                BigDecimal v = numeric(value);
                yield v != null && v.compareTo(n.value()) == 0;
            }
            case BoolLit b -> value.isBoolean() && value.booleanValue() == b.value();
            case DateLit d -> d.value().equals(date(value));
            case DurationLit d -> false;
            case ListLit l -> false;
            case NoLit n -> false;
        };
    }

    /** The exact decimal of a JSON number, or null for anything else (a numeric string is not a number). */
    public static BigDecimal numeric(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return new BigDecimal(value.bigIntegerValue());
        }
        if (value.isBigDecimal()) {
            return value.decimalValue();
        }
        double d = value.doubleValue();
        // A double read from JSON text: its shortest decimal spelling is the text it was read from.
        return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
    }

    /**
     * The instant of a date value: an ISO-8601 string with a zone offset or {@code Z}, or a date alone (midnight UTC),
     * cut to whole microseconds (the precision of the SQL engines); null for anything else.
     */
    public static Instant date(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        String s = value.textValue();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            return null;
        }
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    public static boolean matchesFilter(EventFilter f, EventView e, Instant now) {
        if (f.eventName() != null && !f.eventName().equals(e.name())) {
            return false;
        }
        if (f.type() != null && f.type() != e.type()) {
            return false;
        }
        if (!f.scope().brands().isEmpty() && !f.scope().brands().contains(e.brand())) {
            return false;
        }
        if (!f.scope().sources().isEmpty() && !f.scope().sources().contains(e.sourceId())) {
            return false;
        }
        for (PropertyPredicate p : f.where()) {
            if (!compare(e.at(p.path()), p.comparison(), now)) {
                return false;
            }
        }
        return true;
    }

    private static List<EventView> matching(EventFilter f, Window w, PersonView p, Instant now) {
        List<EventView> out = new ArrayList<>();
        for (EventView e : p.events()) {
            if (w.contains(e.timestamp(), now) && matchesFilter(f, e, now)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean eventCondition(EventCondition c, PersonView p, Instant now) {
        List<EventView> events = matching(c.filter(), c.window(), p, now);
        NumberLit target = (NumberLit) c.comparison().value();
        Operator op = c.comparison().op();
        if (c.aggregate() instanceof Aggregate.Count) {
            return op.orders(BigDecimal.valueOf(events.size()).compareTo(target.value()));
        }
        String path = switch (c.aggregate()) {
            case Aggregate.Sum s -> s.path();
            case Aggregate.Avg a -> a.path();
            case Aggregate.Min m -> m.path();
            case Aggregate.Max m -> m.path();
            case Aggregate.Count n -> throw new IllegalStateException("handled above");
        };
        List<BigDecimal> values = new ArrayList<>();
        for (EventView e : events) {
            BigDecimal n = numeric(e.at(path));
            if (n != null) {
                values.add(n);
            }
        }
        if (values.isEmpty()) {
            return false;
        }
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return switch (c.aggregate()) {
            case Aggregate.Sum s -> op.orders(sum.compareTo(target.value()));
            // avg op x  <=>  sum op x * n, for n > 0: exact, no quotient to round.
            case Aggregate.Avg a -> op.orders(sum.compareTo(target.value().multiply(BigDecimal.valueOf(values.size()))));
            case Aggregate.Min m -> op.orders(values.stream().min(BigDecimal::compareTo).orElseThrow().compareTo(target.value()));
            case Aggregate.Max m -> op.orders(values.stream().max(BigDecimal::compareTo).orElseThrow().compareTo(target.value()));
            case Aggregate.Count n -> throw new IllegalStateException("handled above");
        };
    }


    private static boolean sequence(SequenceCondition s, PersonView p, Instant now) {
        for (EventView first : matching(s.first(), s.window(), p, now)) {
            boolean followed = false;
            for (EventView then : p.events()) {
                if (then.sequence() == first.sequence() || !matchesFilter(s.then(), then, now)) {
                    continue;
                }
                Instant t = then.timestamp();
                boolean inTime = !t.isBefore(first.timestamp()) && !t.isAfter(now)
                        && (s.within() == null || !t.isAfter(first.timestamp().plus(s.within())));
                if (inTime) {
                    followed = true;
                    break;
                }
            }
            if (!s.thenNot() && followed) {
                return true;
            }
            if (s.thenNot() && !followed && (s.within() == null || !first.timestamp().plus(s.within()).isAfter(now))) {
                return true;
            }
        }
        return false;
    }
}
