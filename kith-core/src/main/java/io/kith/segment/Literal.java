package io.kith.segment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A constant on the right of a {@link Comparison}. */
public sealed interface Literal {

    /** A string, compared exactly (case-sensitive). */
    record StringLit(String value) implements Literal {
        public StringLit {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A number, compared exactly as a decimal. Stored without trailing zeros, so that {@code 1.0} and {@code 1} are the
     * same literal. At most {@link Limits#MAX_INTEGER_DIGITS} digits before the point and {@link Limits#MAX_FRACTION_DIGITS}
     * after, so that every engine compares it exactly.
     */
    record NumberLit(BigDecimal value) implements Literal {
        public NumberLit {
            String problem = Limits.numberProblem(Objects.requireNonNull(value, "value"));
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            value = value.stripTrailingZeros();
            if (value.signum() == 0) {
                value = BigDecimal.ZERO;
            }
        }

        public static NumberLit of(long n) {
            return new NumberLit(BigDecimal.valueOf(n));
        }
    }

    record BoolLit(boolean value) implements Literal {
    }

    /** An instant (UTC, whole microseconds). A date written without a time is midnight UTC. */
    record DateLit(Instant value) implements Literal {
        public DateLit {
            Names.requireMicros(value, "a date");
        }
    }

    /** A positive whole number of seconds, for {@link Operator#WITHIN_LAST}. */
    record DurationLit(Duration value) implements Literal {
        public DurationLit {
            Names.requirePositiveWholeSeconds(value, "a duration");
        }
    }

    /**
     * A non-empty list of strings, numbers or booleans, all of one kind, for {@link Operator#IN} and
     * {@link Operator#NOT_IN}.
     */
    record ListLit(List<Literal> values) implements Literal {
        public ListLit {
            values = List.copyOf(Objects.requireNonNull(values, "values"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a list needs at least one value");
            }
            Class<?> kind = values.get(0).getClass();
            for (Literal v : values) {
                if (!(v instanceof StringLit || v instanceof NumberLit || v instanceof BoolLit)) {
                    throw new IllegalArgumentException("a list holds strings, numbers or booleans, not " + v);
                }
                if (v.getClass() != kind) {
                    throw new IllegalArgumentException("a list holds values of one kind, got " + values);
                }
            }
        }
    }

    /** No value: the right side of {@link Operator#EXISTS} and {@link Operator#ABSENT}. */
    record NoLit() implements Literal {
    }
}
