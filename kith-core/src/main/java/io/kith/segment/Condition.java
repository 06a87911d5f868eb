package io.kith.segment;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A segment condition: one node of the typed intermediate representation that the text language and the JSON form
 * are read into, that the SQL compilers translate and that {@link SegmentEvaluator} evaluates for one person.
 *
 * <p>The semantics below are the definition; every engine must give the same answer for the same person, events and
 * evaluation time {@code now}, which is always an explicit input (never a clock read by an engine).
 *
 * <ul>
 *   <li><b>Two-valued logic.</b> Every condition is true or false for a person, never unknown. A missing value (or one
 *       of the wrong type) makes a comparison false, so {@code Not(c)} is simply {@code !c}: a SQL engine that lets a
 *       comparison become {@code NULL} must write {@code NOT COALESCE(c, FALSE)}.</li>
 *   <li><b>Time.</b> All instants are UTC; a day is exactly 24 hours; events after {@code now} never count (see
 *       {@link Window}).</li>
 *   <li><b>Values.</b> See {@link Comparison} for how a value is compared with a literal and what "missing" means.</li>
 * </ul>
 *
 * <p>Nodes are immutable records validated on construction: a node that exists is well-typed and within
 * {@link Limits} (depth, numbers, durations), so the engines need no checks of their own. Derived facts (references, temporal class, canonical JSON, hash) live in
 * {@link SegmentDefinition}, {@link TemporalClass} and {@link SegmentJson}.
 */
public sealed interface Condition {

    /**
     * How many levels this condition nests: 1 for a leaf, one more than its deepest part for {@code and}, {@code or} and
     * {@code not}. At most {@link Limits#MAX_DEPTH}, checked as each node is built, so this recursion is bounded too.
     */
    default int depth() {
        return switch (this) {
            case And and -> 1 + deepest(and.conditions());
            case Or or -> 1 + deepest(or.conditions());
            case Not not -> 1 + not.condition().depth();
            default -> 1;
        };
    }

    /** True when every condition is true. At least two conditions, so that the text form can tell it from its child. */
    record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = atLeastTwo(conditions, "and");
            Limits.requireDepth(1 + deepest(conditions));
        }
    }

    /** True when at least one condition is true. At least two conditions. */
    record Or(List<Condition> conditions) implements Condition {
        public Or {
            conditions = atLeastTwo(conditions, "or");
            Limits.requireDepth(1 + deepest(conditions));
        }
    }

    /** True when the condition is false (two-valued: a comparison with a missing value is false, so its negation is true). */
    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
            Limits.requireDepth(1 + condition.depth());
        }
    }

    /**
     * A comparison of one value of the person's profile (a trait, a computed trait, a label, an RFM value, a model
     * score, a consent state or a built-in profile value) with a literal.
     *
     * <p>The comparison must suit the value's {@link ValueType}: {@code rfm.segment > 3} is refused here.
     */
    record ProfileValueCondition(ProfileValue value, Comparison comparison) implements Condition {
        public ProfileValueCondition {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(comparison, "comparison");
            String problem = comparison.problemWith(value.type());
            if (problem != null) {
                throw new IllegalArgumentException(value + ": " + problem);
            }
        }
    }

    /** True when the person's profile holds at least one identifier of this type ({@code email}, {@code user_id}, ...). */
    record IdentifierPresent(String type) implements Condition {
        public IdentifierPresent {
            Names.requireName(type, "identifier type");
        }
    }

    /**
     * An aggregate over the person's events that match {@code filter} and fall inside {@code window}, compared with a
     * number: {@code count(...) >= 3}, {@code sum(properties.total of ...) > 100}.
     *
     * <p>"Performed X" is {@code Count >= 1}; "did not perform X" is {@code Not} of it. With no matching events the
     * count is 0 and sum/avg/min/max are missing, so every comparison of them is false (see {@link Aggregate}).
     * The comparison is one of {@code = != < <= > >=} with a number.
     */
    record EventCondition(EventFilter filter, Window window, Aggregate aggregate, Comparison comparison) implements Condition {
        public EventCondition {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(aggregate, "aggregate");
            Objects.requireNonNull(comparison, "comparison");
            if (!comparison.isNumericOrdering()) {
                throw new IllegalArgumentException("an event aggregate is compared with a number using =, !=, <, <=, > or >=, not '"
                        + comparison.op().symbol() + "' and " + Comparison.describe(comparison.value()));
            }
        }

        /** "Performed": at least one matching event in the window. */
        public static EventCondition performed(EventFilter filter, Window window) {
            return new EventCondition(filter, window, new Aggregate.Count(), Comparison.atLeast(1));
        }

        /** Whether this is the "performed" shape ({@code Count >= 1}), which the text form prints as {@code performed ...}. */
        public boolean isPerformed() {
            return aggregate instanceof Aggregate.Count && comparison.equals(Comparison.atLeast(1));
        }
    }

    /**
     * A funnel of two steps: an event matching {@code first} inside {@code window}, followed by (or, with
     * {@code thenNot}, not followed by) an event matching {@code then}.
     *
     * <p>True when there exists an event e1 matching {@code first} with e1.ts inside {@code window} such that:
     * <ul>
     *   <li>{@code thenNot == false}: there exists an event e2 matching {@code then}, e2 not the same event as e1, with
     *       {@code e1.ts <= e2.ts <= now} and, when {@code within} is set, {@code e2.ts <= e1.ts + within};</li>
     *   <li>{@code thenNot == true}: no such e2 exists and, when {@code within} is set, {@code e1.ts + within <= now}
     *       (the waiting time is over: "added to cart and then did not order within 1 day" is not true until the day
     *       has passed).</li>
     * </ul>
     * Every e1 counts (not only the last): a person who added, ordered, and added again is an abandoned cart again.
     * "Added a product in the last 3 days and no order since" is
     * {@code SequenceCondition(Product Added, Within(3d), Order Completed, null, true)}. Two events at the same instant
     * are in order both ways (the condition does not look at log order).
     *
     * @param within the longest delay from e1 to e2, positive; null means no limit (up to {@code now})
     */
    record SequenceCondition(EventFilter first, Window window, EventFilter then, Duration within, boolean thenNot)
            implements Condition {
        public SequenceCondition {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(then, "then");
            if (within != null) {
                Names.requirePositiveWholeSeconds(within, "sequence delay");
            }
        }
    }

    /**
     * True when the person is a member of the segment with this key. Definitions must not form a cycle of references
     * (checked where definitions are saved, with {@link SegmentDefinition#references()}).
     */
    record InSegment(String segmentKey) implements Condition {
        public InSegment {
            Names.requireKey(segmentKey);
        }
    }

    private static int deepest(List<Condition> conditions) {
        int max = 0;
        for (Condition c : conditions) {
            max = Math.max(max, c.depth());
        }
        return max;
    }

    private static List<Condition> atLeastTwo(List<Condition> conditions, String what) {
        List<Condition> copy = List.copyOf(Objects.requireNonNull(conditions, what));
        if (copy.size() < 2) {
            throw new IllegalArgumentException("'" + what + "' needs at least two conditions, got " + copy.size());
        }
        return copy;
    }
}
