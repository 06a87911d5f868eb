package io.kith.segment;

/**
 * What an {@link Condition.EventCondition} computes over its matching events.
 *
 * <p>{@link Count} counts events (0 when there are none). The others read a number at a dotted path of each event's
 * JSON ({@code properties.total}); events where the value is missing or not a JSON number (a string {@code "12"} is
 * not) are left out. With no numbers left, the aggregate is missing and every comparison of it is false. Numbers are
 * exact decimals; {@code avg op x} is decided exactly as {@code sum op x * n}, so no engine rounds a quotient.
 */
public sealed interface Aggregate {

    record Count() implements Aggregate {
    }

    record Sum(String path) implements Aggregate {
        public Sum {
            Names.requirePath(path, "a sum path");
        }
    }

    record Avg(String path) implements Aggregate {
        public Avg {
            Names.requirePath(path, "an avg path");
        }
    }

    record Min(String path) implements Aggregate {
        public Min {
            Names.requirePath(path, "a min path");
        }
    }

    record Max(String path) implements Aggregate {
        public Max {
            Names.requirePath(path, "a max path");
        }
    }
}
