package io.kith.segment;

import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.IdentifierPresent;
import io.kith.segment.Condition.InSegment;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.ProfileValueCondition;
import io.kith.segment.Condition.SequenceCondition;
import java.util.function.Function;

/**
 * What can change a condition's value, which decides how membership is kept current: a STATIC or EVENT_MONOTONE
 * condition changes only when the profile changes or an event arrives, a TIME_DECAYING one also when time passes and
 * needs a timer. Ordered: a compound condition has the greatest class of its parts.
 */
public enum TemporalClass {
    /** Depends on profile values and identifiers only. */
    STATIC,
    /**
     * Depends on events, but not on how long ago they happened ({@code ever} and {@code since} windows, sequences
     * without a deadline): only a new event can change it.
     */
    EVENT_MONOTONE,
    /**
     * Can change by the passing of time alone: {@code within} and {@code between} windows, sequences whose waiting
     * time runs out, {@code within last} on a date value.
     */
    TIME_DECAYING;

    public TemporalClass max(TemporalClass other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /**
     * The class of a condition.
     *
     * @param referenced the class of a segment the condition refers to by key ({@link InSegment}); a segment
     *                   reference adds that segment's class
     */
    public static TemporalClass of(Condition condition, Function<String, TemporalClass> referenced) {
        return switch (condition) {
            case And and -> and.conditions().stream().map(c -> of(c, referenced)).reduce(STATIC, TemporalClass::max);
            case Or or -> or.conditions().stream().map(c -> of(c, referenced)).reduce(STATIC, TemporalClass::max);
            case Not not -> of(not.condition(), referenced);
            case ProfileValueCondition p -> p.comparison().op() == Operator.WITHIN_LAST ? TIME_DECAYING : STATIC;
            case IdentifierPresent i -> STATIC;
            case EventCondition e -> relative(e.window()) ? TIME_DECAYING : EVENT_MONOTONE;
            case SequenceCondition s -> relative(s.window()) || (s.thenNot() && s.within() != null)
                    ? TIME_DECAYING : EVENT_MONOTONE;
            case InSegment in -> referenced.apply(in.segmentKey());
        };
    }

    private static boolean relative(Window w) {
        return w instanceof Window.Within || w instanceof Window.Between;
    }
}
