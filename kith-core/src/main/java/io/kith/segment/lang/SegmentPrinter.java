package io.kith.segment.lang;

import io.kith.segment.Aggregate;
import io.kith.segment.Comparison;
import io.kith.segment.Condition;
import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.IdentifierPresent;
import io.kith.segment.Condition.InSegment;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.ProfileValueCondition;
import io.kith.segment.Condition.SequenceCondition;
import io.kith.segment.EventFilter;
import io.kith.segment.Literal;
import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import io.kith.segment.Operator;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.PropertyPredicate;
import io.kith.segment.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a condition in the canonical text form: {@code SegmentParser.parse(SegmentPrinter.print(c))} gives back
 * {@code c}. The top level's "and"/"or" start new lines; parentheses appear only where precedence needs them
 * ("and" binds tighter than "or").
 */
public final class SegmentPrinter {
    private static final long DAY = 86_400;

    private SegmentPrinter() {
    }

    public static String print(Condition c) {
        return switch (c) {
            case And and -> join(and.conditions(), "\nand ", SegmentPrinter::andOperand);
            case Or or -> join(or.conditions(), "\nor ", SegmentPrinter::orOperand);
            default -> inline(c);
        };
    }

    private static String join(List<Condition> parts, String sep, java.util.function.Function<Condition, String> f) {
        return parts.stream().map(f).collect(Collectors.joining(sep));
    }

    private static String andOperand(Condition c) {
        return c instanceof And || c instanceof Or ? "(" + inline(c) + ")" : inline(c);
    }

    private static String orOperand(Condition c) {
        return c instanceof Or ? "(" + inline(c) + ")" : inline(c);
    }

    private static String inline(Condition c) {
        return switch (c) {
            case And and -> join(and.conditions(), " and ", SegmentPrinter::andOperand);
            case Or or -> join(or.conditions(), " or ", SegmentPrinter::orOperand);
            case Not not -> "not " + andOperand(not.condition());
            case ProfileValueCondition p -> profileValue(p);
            case IdentifierPresent i -> "has identifier " + i.type();
            case InSegment in -> "in segment " + string(in.segmentKey());
            case EventCondition e -> event(e);
            case SequenceCondition s -> "performed " + filter(s.first()) + window(s.window(), " ") + " then "
                    + (s.thenNot() ? "not " : "") + filter(s.then()) + (s.within() == null ? "" : " within " + duration(s.within()));
        };
    }

    private static String profileValue(ProfileValueCondition p) {
        Namespace ns = p.value().namespace();
        String name = p.value().name();
        Comparison c = p.comparison();
        if (ns == Namespace.PROFILE && c.op() == Operator.CONTAINS && c.value() instanceof StringLit s
                && (name.equals("brands") || name.equals("sources"))) {
            return (name.equals("brands") ? "brand " : "source ") + string(s.value());
        }
        String subject = switch (ns) {
            case RFM -> p.value().brand().map(b -> "rfm[" + string(b) + "]." + p.value().field()).orElse("rfm." + name);
            case PROFILE -> ns.word() + "." + name;
            default -> ns.word() + " " + name;
        };
        return subject + " " + comparison(c);
    }

    private static String event(EventCondition e) {
        if (e.isPerformed()) {
            return "performed " + filter(e.filter()) + window(e.window(), " ");
        }
        String args = switch (e.aggregate()) {
            case Aggregate.Count n -> "count(" + filter(e.filter());
            case Aggregate.Sum s -> "sum(" + s.path() + " of " + filter(e.filter());
            case Aggregate.Avg a -> "avg(" + a.path() + " of " + filter(e.filter());
            case Aggregate.Min m -> "min(" + m.path() + " of " + filter(e.filter());
            case Aggregate.Max m -> "max(" + m.path() + " of " + filter(e.filter());
        };
        return args + window(e.window(), ", ") + ") " + comparison(e.comparison());
    }

    static String filter(EventFilter f) {
        StringBuilder sb = new StringBuilder();
        if (f.eventName() == null) {
            sb.append("any ").append(f.type() == null ? "event" : f.type().wireName());
        } else {
            if (f.type() != null) {
                sb.append(f.type().wireName()).append(' ');
            }
            sb.append(string(f.eventName()));
        }
        if (f.where().size() == 1) {
            sb.append(" where ").append(predicate(f.where().get(0)));
        } else if (f.where().size() > 1) {
            sb.append(" where (").append(f.where().stream().map(SegmentPrinter::predicate).collect(Collectors.joining(" and ")))
                    .append(')');
        }
        if (!f.scope().brands().isEmpty()) {
            sb.append(" from brand ").append(stringOrList(f.scope().brands()));
        }
        if (!f.scope().sources().isEmpty()) {
            sb.append(" from source ").append(stringOrList(f.scope().sources()));
        }
        return sb.toString();
    }

    private static String predicate(PropertyPredicate p) {
        return p.path() + " " + comparison(p.comparison());
    }

    private static String stringOrList(Collection<String> values) {
        if (values.size() == 1) {
            return string(values.iterator().next());
        }
        return values.stream().map(SegmentPrinter::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A window, preceded by {@code sep}; nothing for {@code ever}, the default. */
    private static String window(Window w, String sep) {
        return switch (w) {
            case Window.Ever e -> "";
            case Window.Within within -> sep + "within " + duration(within.duration());
            case Window.Between b -> {
                long unit = unitOf(b.from().getSeconds(), b.to().getSeconds());
                yield sep + "between " + b.from().getSeconds() / unit + " and " + b.to().getSeconds() / unit + " "
                        + unitName(unit, true) + " ago";
            }
            case Window.Since s -> sep + "since " + date(s.start());
        };
    }

    static String comparison(Comparison c) {
        return switch (c.op()) {
            case EXISTS, ABSENT -> c.op().symbol();
            default -> c.op().symbol() + " " + literal(c.value());
        };
    }

    static String literal(Literal l) {
        return switch (l) {
            case StringLit s -> string(s.value());
            case NumberLit n -> n.value().toPlainString();
            case BoolLit b -> Boolean.toString(b.value());
            case DateLit d -> date(d.value());
            case DurationLit d -> duration(d.value());
            case ListLit list -> list.values().stream().map(SegmentPrinter::literal).collect(Collectors.joining(", ", "[", "]"));
            case NoLit n -> "";
        };
    }

    static String duration(Duration d) {
        long s = d.getSeconds();
        long unit = unitOf(s, s);
        return s / unit + " " + unitName(unit, s / unit != 1);
    }

    /** The largest of day, hour, minute, second that divides both amounts. */
    private static long unitOf(long a, long b) {
        for (long unit : new long[] {DAY, 3_600, 60}) {
            if (a % unit == 0 && b % unit == 0) {
                return unit;
            }
        }
        return 1;
    }

    private static String unitName(long unit, boolean plural) {
        String name = unit == DAY ? "day" : unit == 3_600 ? "hour" : unit == 60 ? "minute" : "second";
        return plural ? name + "s" : name;
    }

    private static String date(Instant t) {
        if (t.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return t.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        return t.toString();
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
