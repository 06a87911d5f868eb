package io.kith.segment;

import java.util.Locale;
import java.util.Optional;

/**
 * How a value is compared with a literal. Which literal each operator takes is checked by {@link Comparison}; what
 * each means for a value of each type is defined there too.
 */
public enum Operator {
    EQ, NE, LT, LE, GT, GE,
    /** Equal to one of a list's values. */
    IN,
    /** Present, of the list's type, and equal to none of its values. */
    NOT_IN,
    /** A string containing a substring, or a list containing an element. */
    CONTAINS,
    STARTS_WITH,
    /** Present and not JSON {@code null}. */
    EXISTS,
    /** Missing or JSON {@code null}: the only comparison a missing value satisfies. */
    ABSENT,
    /** A date strictly before the literal's instant. */
    BEFORE,
    /** A date strictly after the literal's instant. */
    AFTER,
    /** A date {@code v} with {@code now - d <= v <= now}. */
    WITHIN_LAST;

    /** The spelling in the text form: {@code =}, {@code not in}, {@code starts with}, {@code within last}, ... */
    public String symbol() {
        return switch (this) {
            case EQ -> "=";
            case NE -> "!=";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case IN -> "in";
            case NOT_IN -> "not in";
            case CONTAINS -> "contains";
            case STARTS_WITH -> "starts with";
            case EXISTS -> "exists";
            case ABSENT -> "is absent";
            case BEFORE -> "before";
            case AFTER -> "after";
            case WITHIN_LAST -> "within last";
        };
    }

    /** Whether a comparison's result ({@code a.compareTo(literal)}) satisfies this ordering operator ({@code =} to {@code >=}). */
    public boolean orders(int cmp) {
        return switch (this) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            default -> throw new IllegalStateException("not an ordering: " + this);
        };
    }

    /** The spelling in the JSON form: {@code eq}, {@code not_in}, {@code within_last}, ... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operator> fromJsonName(String s) {
        for (Operator op : values()) {
            if (op.jsonName().equals(s)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
