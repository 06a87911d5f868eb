package io.kith.trait;

import java.util.Objects;

/**
 * What a computed trait makes of its matching events. The numeric functions read a JSON number at a dotted path of
 * each event ({@code properties.revenue}) and leave out events where it is missing or not a number; the others read
 * any scalar value there. With nothing to read, the trait has no value (it is missing, not zero), except
 * {@link Count}, which is 0.
 */
public sealed interface TraitFunction {
    /** The number of matching events. */
    record Count() implements TraitFunction {
    }

    record Sum(String path) implements TraitFunction {
        public Sum {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The mean, exact to 10 decimal places (rounded half-even). */
    record Avg(String path) implements TraitFunction {
        public Avg {
            Objects.requireNonNull(path, "path");
        }
    }

    record Min(String path) implements TraitFunction {
        public Min {
            Objects.requireNonNull(path, "path");
        }
    }

    record Max(String path) implements TraitFunction {
        public Max {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The value of the earliest matching event that has one (by event time, then log order). */
    record First(String path) implements TraitFunction {
        public First {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The value of the latest matching event that has one. */
    record Last(String path) implements TraitFunction {
        public Last {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The value seen most often; a tie goes to the value whose JSON text sorts first, so the answer never depends on order. */
    record MostFrequent(String path) implements TraitFunction {
        public MostFrequent {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The distinct values, sorted by JSON text, at most {@code limit} of them (the first ones in that order). */
    record DistinctList(String path, int limit) implements TraitFunction {
        public DistinctList {
            Objects.requireNonNull(path, "path");
            if (limit < 1 || limit > 1_000) {
                throw new IllegalArgumentException("a distinct list holds 1 to 1,000 values, not " + limit);
            }
        }
    }
}
