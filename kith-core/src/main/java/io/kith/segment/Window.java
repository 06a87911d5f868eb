package io.kith.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The span of event time a condition looks at, relative to the evaluation time {@code now}, which is always an
 * explicit input. With {@code ts} an event's timestamp (UTC; a day is exactly 24 hours):
 * <ul>
 *   <li>{@link Ever}: {@code ts <= now}</li>
 *   <li>{@link Within Within(d)}: {@code now - d <= ts <= now} ("within 3 days": the event exactly 72 hours ago counts)</li>
 *   <li>{@link Between Between(a, b)}: {@code now - b <= ts < now - a} ("between 30 and 90 days ago": the event exactly
 *       30 days ago does not count, the one exactly 90 days ago does; so {@code Within(a)} and {@code Between(a, b)}
 *       together cover {@code Within(b)} without overlap)</li>
 *   <li>{@link Since Since(t)}: {@code t <= ts <= now}</li>
 * </ul>
 * Events after {@code now} never count, in any window.
 */
public sealed interface Window {

    /** Whether an event at {@code ts} falls inside this window at {@code now}. */
    boolean contains(Instant ts, Instant now);

    record Ever() implements Window {
        @Override
        public boolean contains(Instant ts, Instant now) {
            return !ts.isAfter(now);
        }
    }

    /** The last {@code duration} before now, both ends included. */
    record Within(Duration duration) implements Window {
        public Within {
            Names.requirePositiveWholeSeconds(duration, "a window");
        }

        @Override
        public boolean contains(Instant ts, Instant now) {
            return !ts.isBefore(now.minus(duration)) && !ts.isAfter(now);
        }
    }

    /**
     * From {@code to} ago (included) until {@code from} ago (excluded).
     *
     * @param from the nearer end, zero or positive
     * @param to   the farther end, greater than {@code from}
     */
    record Between(Duration from, Duration to) implements Window {
        public Between {
            Objects.requireNonNull(from, "from");
            if (!from.isZero()) {
                Names.requirePositiveWholeSeconds(from, "the nearer end of a window");
            }
            Names.requirePositiveWholeSeconds(to, "the farther end of a window");
            if (to.compareTo(from) <= 0) {
                throw new IllegalArgumentException("'between " + from + " and " + to + " ago' needs the second duration "
                        + "to be longer than the first");
            }
        }

        @Override
        public boolean contains(Instant ts, Instant now) {
            return !ts.isBefore(now.minus(to)) && ts.isBefore(now.minus(from));
        }
    }

    /** From an instant (included) until now. */
    record Since(Instant start) implements Window {
        public Since {
            Names.requireMicros(start, "the start of a window");
        }

        @Override
        public boolean contains(Instant ts, Instant now) {
            return !ts.isBefore(start) && !ts.isAfter(now);
        }
    }
}
