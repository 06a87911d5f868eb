package io.kith.segment;

import io.kith.event.EventType;
import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import io.kith.segment.ProfileValue.Namespace;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random, valid condition trees. {@link #wide()} draws odd strings, names and numbers (for round trips);
 * {@link #small()} draws from a few names and values that the people of {@link #people()} use, so that conditions are
 * often true for them (for the evaluator's laws).
 */
final class ConditionArbitraries {
    static final Instant NOW = People.NOW;

    private final boolean small;

    private ConditionArbitraries(boolean small) {
        this.small = small;
    }

    static ConditionArbitraries wide() {
        return new ConditionArbitraries(false);
    }

    static ConditionArbitraries small() {
        return new ConditionArbitraries(true);
    }

    Arbitrary<Condition> condition() {
        return condition(3);
    }

    private Arbitrary<Condition> condition(int depth) {
        Arbitrary<Condition> leaf = Arbitraries.oneOf(profileValue(), identifier(), event(), sequence(), inSegment());
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Condition> sub = Arbitraries.lazy(() -> condition(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(Condition.And::new)),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(Condition.Or::new)),
                net.jqwik.api.Tuple.of(1, sub.map(Condition.Not::new)));
    }

    // ---- leaves ---------------------------------------------------------------------------------------------------

    Arbitrary<Condition> profileValue() {
        // The language has no way to say an empty brand or source ("brand \"\"" is refused), so none is generated.
        return profileValueOf().flatMap(v -> comparison(v.type())
                .filter(c -> !(v.namespace() == Namespace.PROFILE && c.value() instanceof StringLit s && s.value().isEmpty()))
                .map(c -> (Condition) new Condition.ProfileValueCondition(v, c)));
    }

    private Arbitrary<ProfileValue> profileValueOf() {
        Arbitrary<ProfileValue> trait = (small ? Arbitraries.of("plan", "age", "birthday", "tags", "address.city")
                : path()).map(n -> new ProfileValue(Namespace.TRAIT, n));
        Arbitrary<ProfileValue> other = Arbitraries.of(Namespace.COMPUTED, Namespace.LABEL, Namespace.MODEL, Namespace.CONSENT)
                .flatMap(ns -> name().map(n -> new ProfileValue(ns, n)));
        Arbitrary<ProfileValue> fixed = Arbitraries.of(Namespace.RFM, Namespace.PROFILE)
                .flatMap(ns -> Arbitraries.of(ns.fixedNames().orElseThrow()).map(n -> new ProfileValue(ns, n)));
        Arbitrary<ProfileValue> brandRfm = Combinators.combine(Arbitraries.of(Namespace.RFM.fixedNames().orElseThrow()),
                Arbitraries.of("acme", "we\"ird brand", "O'Brien")).as(ProfileValue::rfmOfBrand);
        return Arbitraries.oneOf(trait, trait, other, fixed, brandRfm);
    }

    Arbitrary<Comparison> comparison(ValueType type) {
        return Arbitraries.of(Operator.values()).flatMap(op -> literalFor(op).map(l -> new Comparison(op, l)))
                .filter(c -> c.problemWith(type) == null);
    }

    private Arbitrary<Literal> literalFor(Operator op) {
        return switch (op) {
            case EQ, NE -> Arbitraries.oneOf(string(), number(), bool(), date());
            case LT, LE, GT, GE -> number();
            case IN, NOT_IN -> Arbitraries.oneOf(string().list().ofMinSize(1).ofMaxSize(3),
                    number().list().ofMinSize(1).ofMaxSize(3), bool().list().ofMinSize(1).ofMaxSize(2)).map(ListLit::new);
            case CONTAINS -> Arbitraries.oneOf(string(), number(), bool());
            case STARTS_WITH -> string();
            case EXISTS, ABSENT -> Arbitraries.just(new NoLit());
            case BEFORE, AFTER -> date();
            case WITHIN_LAST -> duration().map(DurationLit::new);
        };
    }

    Arbitrary<Condition> identifier() {
        return (small ? Arbitraries.of("email", "phone") : name()).map(Condition.IdentifierPresent::new);
    }

    Arbitrary<Condition> inSegment() {
        return (small ? Arbitraries.of("vip", "new") : Arbitraries.strings().withChars("abc-_019").ofMinLength(1).ofMaxLength(8)
                .filter(Names::isKey)).map(Condition.InSegment::new);
    }

    Arbitrary<Condition> event() {
        Arbitrary<Aggregate> aggregate = Arbitraries.oneOf(Arbitraries.just(new Aggregate.Count()),
                numericPath().map(Aggregate.Sum::new), numericPath().map(Aggregate.Avg::new),
                numericPath().map(Aggregate.Min::new), numericPath().map(Aggregate.Max::new));
        Arbitrary<Comparison> numeric = Combinators.combine(Arbitraries.of(Operator.EQ, Operator.NE, Operator.LT, Operator.LE,
                Operator.GT, Operator.GE), small ? Arbitraries.integers().between(0, 3).map(i -> (Literal) NumberLit.of(i)) : number())
                .as(Comparison::new);
        Arbitrary<Condition> general = Combinators.combine(filter(), window(), aggregate, numeric).as(Condition.EventCondition::new);
        Arbitrary<Condition> performed = Combinators.combine(filter(), window()).as(Condition.EventCondition::performed);
        return Arbitraries.oneOf(general, performed);
    }

    Arbitrary<Condition> sequence() {
        return Combinators.combine(filter(), window(), filter(), duration().injectNull(0.4), Arbitraries.of(true, false))
                .as(Condition.SequenceCondition::new);
    }

    Arbitrary<EventFilter> filter() {
        Arbitrary<String> eventName = (small ? Arbitraries.of("A", "B") : string().map(s -> ((StringLit) s).value())
                .filter(s -> !s.isEmpty())).injectNull(0.2);
        Arbitrary<EventType> type = Arbitraries.of(EventType.values()).injectNull(small ? 0.8 : 0.5);
        Arbitrary<PropertyPredicate> predicate = Combinators.combine(small ? Arbitraries.of("properties.total", "properties.kind")
                : path(), Arbitraries.lazy(() -> comparison(ValueType.ANY))).as(PropertyPredicate::new);
        Arbitrary<List<PropertyPredicate>> where = predicate.list().ofMaxSize(small ? 1 : 3);
        Arbitrary<java.util.Set<String>> brands = Arbitraries.of("acme", "beta", "we\"ird").set().ofMaxSize(2);
        Arbitrary<java.util.Set<String>> sources = Arbitraries.of("web", "app").set().ofMaxSize(small ? 1 : 2);
        Arbitrary<EventFilter.Scope> scope = Combinators.combine(small ? Arbitraries.just(java.util.Set.<String>of()) : brands,
                sources).as(EventFilter.Scope::new);
        return Combinators.combine(eventName, type, where, scope).as(EventFilter::new);
    }

    Arbitrary<Window> window() {
        Arbitrary<Window> within = duration().map(d -> (Window) new Window.Within(d));
        Arbitrary<Window> between = Combinators.combine(duration(), duration())
                .as((a, b) -> a.equals(b) ? null : a.compareTo(b) < 0 ? (Window) new Window.Between(a, b) : (Window) new Window.Between(b, a))
                .filter(java.util.Objects::nonNull);
        Arbitrary<Window> fromZero = duration().map(d -> (Window) new Window.Between(Duration.ZERO, d));
        Arbitrary<Window> since = date().map(d -> (Window) new Window.Since(((DateLit) d).value()));
        return Arbitraries.oneOf(Arbitraries.just(new Window.Ever()), within, between, fromZero, since);
    }

    // ---- values ---------------------------------------------------------------------------------------------------

    Arbitrary<Duration> duration() {
        if (small) {
            return Arbitraries.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofHours(36));
        }
        return Combinators.combine(Arbitraries.longs().between(1, 1000), Arbitraries.of(1L, 60L, 3_600L, 86_400L, 604_800L))
                .as((n, unit) -> Duration.ofSeconds(n * unit));
    }

    Arbitrary<Literal> string() {
        if (small) {
            return Arbitraries.of("gold", "silver", "Paris", "go", "").map(StringLit::new);
        }
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', '\u00e9', '\u20ac', '\u0001')
                .ofMaxLength(8).map(StringLit::new);
    }

    Arbitrary<Literal> number() {
        if (small) {
            return Arbitraries.of("0", "1", "10", "10.5", "42", "-3").map(s -> new NumberLit(new BigDecimal(s)));
        }
        return Arbitraries.oneOf(Arbitraries.bigDecimals().between(new BigDecimal("-1e6"), new BigDecimal("1e6")).ofScale(3),
                Arbitraries.longs().map(BigDecimal::valueOf)).map(NumberLit::new);
    }

    Arbitrary<Literal> bool() {
        return Arbitraries.of(true, false).map(BoolLit::new);
    }

    Arbitrary<Literal> date() {
        if (small) {
            return Arbitraries.of(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(40)),
                    Instant.parse("2000-01-01T00:00:00Z")).map(DateLit::new);
        }
        Arbitrary<Instant> any = Arbitraries.longs().between(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()).flatMap(s -> Arbitraries.integers().between(0, 999_999)
                .map(us -> Instant.ofEpochSecond(s, us * 1_000L)));
        Arbitrary<Instant> midnight = any.map(t -> t.truncatedTo(ChronoUnit.DAYS));
        return Arbitraries.oneOf(any, midnight).map(DateLit::new);
    }

    Arbitrary<String> name() {
        return Arbitraries.strings().withChars("abcXYZ_09-").ofMinLength(1).ofMaxLength(6).filter(Names::isName);
    }

    Arbitrary<String> path() {
        return name().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    private Arbitrary<String> numericPath() {
        return small ? Arbitraries.of("properties.total", "properties.kind") : path();
    }

    // ---- people ---------------------------------------------------------------------------------------------------

    /** People whose values and events the {@link #small()} conditions talk about, with timestamps on window edges. */
    static Arbitrary<PersonView> people() {
        Arbitrary<Instant> at = Arbitraries.of(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7),
                Duration.ofHours(36), Duration.ofDays(2), Duration.ofDays(10), Duration.ofDays(-1), Duration.ofSeconds(1))
                .map(NOW::minus);
        Arbitrary<String> total = Arbitraries.of("", "\"total\": 10", "\"total\": 10.5", "\"total\": \"10\"", "\"total\": -3",
                "\"total\": null", "\"kind\": \"gold\", \"total\": 1");
        Arbitrary<EventView> event = Combinators.combine(Arbitraries.of("A", "B", "C"), Arbitraries.of(EventType.TRACK,
                EventType.PAGE), at, Arbitraries.of("web", "app"), total).as((name, type, t, source, props) -> {
                    var json = People.JSON.createObjectNode();
                    json.set("properties", People.json("{" + props + "}"));
                    return new EventView(0, name, type, t, "acme", source, json);
                });
        Arbitrary<List<EventView>> events = event.list().ofMaxSize(5).map(list -> {
            List<EventView> numbered = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                EventView e = list.get(i);
                numbered.add(new EventView(i + 1, e.name(), e.type(), e.timestamp(), e.brand(), e.sourceId(), e.json()));
            }
            return numbered;
        });
        Arbitrary<String> traits = Arbitraries.of("{}", "{\"plan\": \"gold\", \"age\": 42}", "{\"plan\": null, \"age\": \"42\"}",
                "{\"tags\": [\"gold\", 1], \"birthday\": \"2000-01-01\"}", "{\"address\": {\"city\": \"Paris\"}, \"age\": 10.5}");
        return Combinators.combine(events, traits, Arbitraries.of("email", "phone").set(), Arbitraries.of("vip", "new").set())
                .as((evs, tr, ids, segs) -> People.withTraits(tr).withEvents(evs).withIdentifierTypes(ids).withMemberOf(segs)
                        .withLabels(java.util.Map.of("lifecycle", "gold")).withSeen(NOW.minus(Duration.ofDays(2)), NOW, evs.size()));
    }
}
