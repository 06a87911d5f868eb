package io.kith.segment;

import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import java.util.Objects;

/**
 * An operator and the literal it compares a value with.
 *
 * <h2>Meaning</h2>
 * A value is <em>missing</em> when the path leads nowhere or to JSON {@code null}. A missing value, or one of the wrong
 * type for the literal, makes every comparison false except {@link Operator#ABSENT}, which is true exactly when the
 * value is missing. In particular {@code !=} and {@code not in} are false on a missing value (they mean "has a value,
 * and it differs"); write {@code not (x = 1)} for "is not 1, or has no value".
 * <ul>
 *   <li>Strings compare exactly (case-sensitive). A JSON string is never a number: {@code "12" = 12} is false.</li>
 *   <li>Numbers compare exactly as decimals ({@code 1 = 1.0}); a JSON string or boolean is the wrong type.</li>
 *   <li>A value is a date when it is an ISO-8601 string with a zone or offset ({@code 2024-05-01T10:00:00Z},
 *       {@code 2024-05-01T12:00:00+02:00}) or a date alone ({@code 2024-05-01}, midnight UTC); any other value
 *       (epoch numbers, local times without an offset) is the wrong type. Built-in instants ({@code first_seen}) are
 *       dates.</li>
 *   <li>{@code contains} on a string value looks for a substring; on a JSON array for an element equal (as above) to
 *       the literal. {@code in} and {@code not in} compare a single value, never an array.</li>
 *   <li>{@code before}/{@code after} are strict; {@code within last d} is {@code now - d <= v <= now}.</li>
 * </ul>
 *
 * <h2>Allowed literals</h2>
 * {@code = !=}: string, number, boolean or date; {@code < <= > >=}: number; {@code in}, {@code not in}: a list;
 * {@code contains}: string, number or boolean; {@code starts with}: string; {@code exists}, {@code absent}: none;
 * {@code before}, {@code after}: date; {@code within last}: duration.
 */
public record Comparison(Operator op, Literal value) {
    public Comparison {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        boolean ok = switch (op) {
            case EQ, NE -> value instanceof StringLit || value instanceof NumberLit || value instanceof BoolLit
                    || value instanceof DateLit;
            case LT, LE, GT, GE -> value instanceof NumberLit;
            case IN, NOT_IN -> value instanceof ListLit;
            case CONTAINS -> value instanceof StringLit || value instanceof NumberLit || value instanceof BoolLit;
            case STARTS_WITH -> value instanceof StringLit;
            case EXISTS, ABSENT -> value instanceof NoLit;
            case BEFORE, AFTER -> value instanceof DateLit;
            case WITHIN_LAST -> value instanceof DurationLit;
        };
        if (!ok) {
            throw new IllegalArgumentException("'" + op.symbol() + "' cannot take " + describe(value) + "; it takes "
                    + expected(op));
        }
    }

    public static Comparison of(Operator op, Literal value) {
        return new Comparison(op, value);
    }

    /** {@code >= n}. */
    public static Comparison atLeast(long n) {
        return new Comparison(Operator.GE, NumberLit.of(n));
    }

    /** Whether this is one of {@code = != < <= > >=} with a number: the comparisons an event aggregate takes. */
    public boolean isNumericOrdering() {
        return value instanceof NumberLit && switch (op) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /**
     * Why this comparison cannot be made on a value of the given type, or null when it can. Values of type
     * {@link ValueType#ANY} take every comparison.
     */
    public String problemWith(ValueType type) {
        if (op == Operator.EXISTS || op == Operator.ABSENT || type == ValueType.ANY) {
            return null;
        }
        Literal element = value instanceof ListLit list ? list.values().get(0) : value;
        boolean ok = switch (type) {
            case ANY -> true;
            case STRING -> element instanceof StringLit && op != Operator.LT && op != Operator.LE && op != Operator.GT
                    && op != Operator.GE;
            case NUMBER -> element instanceof NumberLit && op != Operator.CONTAINS;
            case DATE -> element instanceof DateLit || element instanceof DurationLit;
            case STRING_LIST -> op == Operator.CONTAINS && element instanceof StringLit;
        };
        if (ok) {
            return null;
        }
        return "a " + typeName(type) + " value cannot be compared with '" + op.symbol() + "' and " + describe(value)
                + "; " + suggestionFor(type);
    }

    static String typeName(ValueType type) {
        return switch (type) {
            case ANY -> "JSON";
            case STRING -> "string";
            case NUMBER -> "number";
            case DATE -> "date";
            case STRING_LIST -> "list";
        };
    }

    private static String suggestionFor(ValueType type) {
        return switch (type) {
            case ANY -> "";
            case STRING -> "use =, !=, in, not in, contains or starts with and a string";
            case NUMBER -> "use =, !=, <, <=, >, >=, in or not in and a number";
            case DATE -> "use before, after or = with a date, or within last with a duration";
            case STRING_LIST -> "use contains with a string";
        };
    }

    private static String expected(Operator op) {
        return switch (op) {
            case EQ, NE -> "a string, number, boolean or date";
            case LT, LE, GT, GE -> "a number";
            case IN, NOT_IN -> "a list";
            case CONTAINS -> "a string, number or boolean";
            case STARTS_WITH -> "a string";
            case EXISTS, ABSENT -> "no value";
            case BEFORE, AFTER -> "a date";
            case WITHIN_LAST -> "a duration";
        };
    }

    /** A short description of a literal for messages: {@code the string "abc"}, {@code the number 3}. */
    public static String describe(Literal value) {
        return switch (value) {
            case StringLit s -> "the string \"" + s.value() + "\"";
            case NumberLit n -> "the number " + n.value().toPlainString();
            case BoolLit b -> "the boolean " + b.value();
            case DateLit d -> "the date " + d.value();
            case DurationLit d -> "the duration " + d.value();
            case ListLit l -> "a list";
            case NoLit n -> "no value";
        };
    }
}
