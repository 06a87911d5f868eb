package io.kith.segment;

import static io.kith.segment.People.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.SequenceCondition;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.segment.lang.SegmentPrinter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SegmentProperties {

    @Provide
    Arbitrary<Condition> anyCondition() {
        return ConditionArbitraries.wide().condition();
    }

    @Provide
    Arbitrary<Condition> smallCondition() {
        return ConditionArbitraries.small().condition();
    }

    @Provide
    Arbitrary<PersonView> person() {
        return ConditionArbitraries.people();
    }

    @Provide
    Arbitrary<EventFilter> smallFilter() {
        return ConditionArbitraries.small().filter();
    }

    @Provide
    Arbitrary<Window> smallWindow() {
        return ConditionArbitraries.small().window();
    }

    // ---- round trips ----------------------------------------------------------------------------------------------

    @Property(tries = 500)
    void printThenParseGivesTheSameCondition(@ForAll("anyCondition") Condition c) {
        String text = SegmentPrinter.print(c);
        assertThat(SegmentParser.parse(text)).as(text).isEqualTo(new ParseResult.Parsed(c));
    }

    @Property(tries = 500)
    void jsonThenReadGivesTheSameCondition(@ForAll("anyCondition") Condition c) {
        assertThat(SegmentJson.read(SegmentJson.toJson(c))).isEqualTo(c);
        String canonical = SegmentJson.canonical(c);
        assertThat(SegmentJson.read(canonical)).isEqualTo(c);
        assertThat(SegmentJson.canonical(SegmentJson.read(canonical))).isEqualTo(canonical);
        assertThat(SegmentJson.hash(SegmentJson.read(canonical))).isEqualTo(SegmentJson.hash(c)).hasSize(64);
    }

    // ---- evaluator laws -------------------------------------------------------------------------------------------

    @Property(tries = 500)
    void notIsTwoValued(@ForAll("smallCondition") Condition c, @ForAll("person") PersonView p) {
        assertThat(SegmentEvaluator.matches(new Not(new Not(c)), p, NOW)).isEqualTo(SegmentEvaluator.matches(c, p, NOW));
        assertThat(SegmentEvaluator.matches(new Not(c), p, NOW)).isNotEqualTo(SegmentEvaluator.matches(c, p, NOW));
    }

    @Property(tries = 500)
    void deMorgan(@ForAll("smallCondition") Condition a, @ForAll("smallCondition") Condition b, @ForAll("person") PersonView p) {
        assertThat(SegmentEvaluator.matches(new Not(new And(List.of(a, b))), p, NOW))
                .isEqualTo(SegmentEvaluator.matches(new Or(List.of(new Not(a), new Not(b))), p, NOW));
        assertThat(SegmentEvaluator.matches(new Not(new Or(List.of(a, b))), p, NOW))
                .isEqualTo(SegmentEvaluator.matches(new And(List.of(new Not(a), new Not(b))), p, NOW));
    }

    @Property(tries = 500)
    void countAtLeastOneIsExistence(@ForAll("smallFilter") EventFilter f, @ForAll("smallWindow") Window w,
                                    @ForAll("person") PersonView p) {
        boolean exists = p.events().stream().anyMatch(e -> w.contains(e.timestamp(), NOW)
                && SegmentEvaluator.matchesFilter(f, e, NOW));
        assertThat(SegmentEvaluator.matches(EventCondition.performed(f, w), p, NOW)).isEqualTo(exists);
        assertThat(SegmentEvaluator.matches(new EventCondition(f, w, new Aggregate.Count(),
                new Comparison(Operator.EQ, Literal.NumberLit.of(0))), p, NOW)).isEqualTo(!exists);
    }

    @Property
    void windowEdges(@ForAll @IntRange(min = 1, max = 1000) int a, @ForAll @IntRange(min = 1, max = 1000) int extra) {
        Duration from = Duration.ofHours(a);
        Duration to = from.plusHours(extra);
        Window within = new Window.Within(from);
        Window between = new Window.Between(from, to);
        Duration us = Duration.ofNanos(1_000);
        assertThat(within.contains(NOW.minus(from), NOW)).as("now - d counts").isTrue();
        assertThat(within.contains(NOW.minus(from).minus(us), NOW)).isFalse();
        assertThat(between.contains(NOW.minus(from), NOW)).as("now - a does not count").isFalse();
        assertThat(between.contains(NOW.minus(from).minus(us), NOW)).isTrue();
        assertThat(between.contains(NOW.minus(to), NOW)).as("now - b counts").isTrue();
        assertThat(between.contains(NOW.minus(to).minus(us), NOW)).isFalse();
        for (Window w : List.of(within, between, new Window.Ever(), new Window.Since(NOW.minus(to)))) {
            assertThat(w.contains(NOW.plus(us), NOW)).as("after now never counts: %s", w).isFalse();
        }
        assertThat(new Window.Since(NOW.minus(to)).contains(NOW.minus(to), NOW)).isTrue();
    }

    @Property(tries = 300)
    void withinAndBetweenSplitALongerWindowWithoutOverlap(@ForAll("smallFilter") EventFilter f, @ForAll("person") PersonView p,
                                                          @ForAll @IntRange(min = 1, max = 5) int a,
                                                          @ForAll @IntRange(min = 1, max = 5) int extra) {
        Duration from = Duration.ofDays(a);
        Duration to = from.plusDays(extra);
        for (EventView e : p.events()) {
            boolean inWithinA = new Window.Within(from).contains(e.timestamp(), NOW);
            boolean inBetween = new Window.Between(from, to).contains(e.timestamp(), NOW);
            assertThat(inWithinA && inBetween).isFalse();
            assertThat(inWithinA || inBetween).isEqualTo(new Window.Within(to).contains(e.timestamp(), NOW));
        }
    }

    @Property(tries = 500)
    void aSequenceWithADeadlineIsNeverAbsentBeforeTheWaitingTimeIsOver(@ForAll("smallFilter") EventFilter first,
                                                                       @ForAll("smallFilter") EventFilter then,
                                                                       @ForAll("smallWindow") Window w,
                                                                       @ForAll("person") PersonView p) {
        Duration within = Duration.ofDays(3);
        SequenceCondition s = new SequenceCondition(first, w, then, within, true);
        if (SegmentEvaluator.matches(s, p, NOW)) {
            assertThat(p.events()).anySatisfy(e -> {
                assertThat(SegmentEvaluator.matchesFilter(first, e, NOW) && w.contains(e.timestamp(), NOW)).isTrue();
                assertThat(e.timestamp().plus(within)).isBeforeOrEqualTo(NOW);
            });
        }
        // Without a deadline, "then not" is true exactly when some first event is not followed at all.
        SequenceCondition open = new SequenceCondition(first, w, then, null, true);
        SequenceCondition followed = new SequenceCondition(first, w, then, null, false);
        boolean anyFirst = SegmentEvaluator.matches(EventCondition.performed(first, w), p, NOW);
        if (!anyFirst) {
            assertThat(SegmentEvaluator.matches(open, p, NOW) || SegmentEvaluator.matches(followed, p, NOW)).isFalse();
        } else {
            assertThat(SegmentEvaluator.matches(open, p, NOW) || SegmentEvaluator.matches(followed, p, NOW)).isTrue();
        }
    }

    @Property(tries = 300)
    void temporalClassIsTheMaximumOfTheParts(@ForAll("anyCondition") Condition a, @ForAll("anyCondition") Condition b) {
        TemporalClass ca = TemporalClass.of(a, k -> TemporalClass.STATIC);
        TemporalClass cb = TemporalClass.of(b, k -> TemporalClass.STATIC);
        assertThat(TemporalClass.of(new And(List.of(a, b)), k -> TemporalClass.STATIC)).isEqualTo(ca.max(cb));
        assertThat(TemporalClass.of(new Not(a), k -> TemporalClass.STATIC)).isEqualTo(ca);
    }
}
