package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.event.EventType;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityStore;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import io.kith.segment.Aggregate;
import io.kith.segment.Comparison;
import io.kith.segment.Condition;
import io.kith.segment.EventFilter;
import io.kith.segment.EventView;
import io.kith.segment.Literal;
import io.kith.segment.Operator;
import io.kith.segment.PersonView;
import io.kith.segment.ProfileValue;
import io.kith.segment.PropertyPredicate;
import io.kith.segment.SegmentEvaluator;
import io.kith.segment.SegmentQueries;
import io.kith.segment.Window;
import io.kith.store.Store;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import io.kith.source.Source;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@link SegmentQueries} must answer: exactly what the reference evaluator ({@link SegmentEvaluator},
 * the oracle) answers for each person, over the same profiles and events, at the same time and store sequence. Random
 * worlds (profiles with typed, mistyped and missing traits; events at window edges, after now, from several brands and
 * sources) and random conditions, with fixed seeds so that a failure names what to replay.
 */
public abstract class SegmentQueriesContract {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String[] NAMES = {"Order Completed", "Product Added", "Product Viewed", "Support Call"};
    private static final Source[] SOURCES = {Sources.WEB_SHOP, Sources.POS, Sources.TELECOM_WEB};
    private static final Duration[] SPANS = {Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90)};

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    /** The people of a world, as the oracle sees them, by profile id. */
    private record World(Map<String, PersonView> people) {
    }

    /**
     * Top-level conjunctions are compiled differently (their stored-value parts become filtered, inner-joined CTEs
     * that restrict every event scan; their event parts inner-joined where a person without events fails them), so
     * they get their own random draw: two or three parts, each a leaf or a small condition, absent values and
     * negations included.
     */
    @Test
    void topLevelConjunctionsAgreeWithTheOracle() throws Exception {
        for (long seed : new long[] {4, 5}) {
            try (Store store = newStore()) {
                Random random = new Random(seed);
                World world = world(store, random);
                int telling = 0;
                for (int i = 0; i < 100; i++) {
                    List<Condition> parts = new java.util.ArrayList<>();
                    for (int k = 2 + random.nextInt(2); k > 0; k--) {
                        parts.add(condition(random, random.nextInt(4) == 0 ? 1 : 0));
                    }
                    int members = assertAgrees(store, world, new Condition.And(parts), "seed " + seed + ", conjunction " + i);
                    telling += members > 0 && members < world.people().size() ? 1 : 0;
                }
                assertThat(telling).as("conjunctions that split the people").isGreaterThan(8);
            }
        }
    }

    @Test
    void randomConditionsAgreeWithTheOracle() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            try (Store store = newStore()) {
                Random random = new Random(seed);
                World world = world(store, random);
                int telling = 0;
                for (int i = 0; i < 120; i++) {
                    Condition c = condition(random, 3);
                    int members = assertAgrees(store, world, c, "seed " + seed + ", condition " + i);
                    telling += members > 0 && members < world.people().size() ? 1 : 0;
                }
                // conditions that every person or no person meets would tell nothing
                assertThat(telling).as("conditions that split the people").isGreaterThan(40);
            }
        }
    }

    @Test
    void theIssuesExamplesAgreeWithTheOracle() throws Exception {
        try (Store store = newStore()) {
            World world = world(store, new Random(7));
            EventFilter added = EventFilter.named("Product Added");
            EventFilter ordered = EventFilter.named("Order Completed");
            List<Condition> examples = List.of(
                    // added a product in the last 3 days and no order since
                    new Condition.SequenceCondition(added, new Window.Within(Duration.ofDays(3)), ordered, null, true),
                    // viewed then bought within 7 days
                    new Condition.SequenceCondition(EventFilter.named("Product Viewed"), new Window.Ever(), ordered, Duration.ofDays(7), false),
                    // bought between 30 and 90 days ago, spending over 100
                    new Condition.EventCondition(ordered, new Window.Between(Duration.ofDays(30), Duration.ofDays(90)),
                            new Aggregate.Sum("properties.total"), Comparison.of(Operator.GT, new Literal.NumberLit(BigDecimal.valueOf(100)))),
                    // at least 3 orders, ever
                    new Condition.EventCondition(ordered, new Window.Ever(), new Aggregate.Count(), Comparison.atLeast(3)),
                    new Condition.Not(new Condition.IdentifierPresent("email")));
            for (Condition c : examples) {
                assertAgrees(store, world, c, c.toString());
            }
        }
    }

    @Test
    void anAnswerSaysTheSequenceItReflects() throws Exception {
        try (Store store = newStore()) {
            world(store, new Random(11));
            SegmentQueries.Answer a = store.segmentQueries().members(new Condition.IdentifierPresent("user_id"), NOW);
            assertThat(a.asOfSequence()).isEqualTo(store.identity().appliedSequence());
            assertThat(a.now()).isEqualTo(NOW);
            assertThat(store.segmentQueries().count(new Condition.IdentifierPresent("user_id"), NOW)).isEqualTo(a.profileIds().size());
            assertThat(store.segmentQueries().explain(new Condition.IdentifierPresent("user_id"), NOW)).contains("profile_identifiers");
        }
    }

    private static int assertAgrees(Store store, World world, Condition c, String what) {
        List<String> expected = new ArrayList<>();
        world.people().forEach((id, person) -> {
            if (SegmentEvaluator.matches(c, person, NOW)) {
                expected.add(id);
            }
        });
        List<String> actual;
        try {
            actual = store.segmentQueries().members(c, NOW).profileIds();
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": " + c + " failed in SQL: " + e.getMessage(), e);
        }
        assertThat(actual).as("%s: %s%nSQL:%n%s", what, c, store.segmentQueries().explain(c, NOW)).isEqualTo(expected);
        return actual.size();
    }

    // ---- the world -------------------------------------------------------------------------------------------------

    /** Writes a random world through the store's ports (events, then profiles with their events) and answers the oracle's view. */
    private static World world(Store store, Random random) {
        int people = 24;
        List<StoredEvent> events = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        long seq = 0;
        for (int p = 0; p < people; p++) {
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                Events.Builder b = random.nextInt(6) == 0 ? Events.pageView() : Events.track(NAMES[random.nextInt(NAMES.length)]);
                b.userId("u" + p).messageId("m-" + seq).at(eventTime(random)).from(SOURCES[random.nextInt(SOURCES.length)]);
                switch (random.nextInt(5)) {
                    case 0 -> b.property("total", random.nextInt(200));
                    case 1 -> b.property("total", new BigDecimal(random.nextInt(20000)).movePointLeft(2));
                    case 2 -> b.property("total", "12");
                    case 3 -> b.property("total", null);
                    default -> { }
                }
                if (random.nextBoolean()) {
                    b.property("category", random.nextBoolean() ? "shoes" : "books");
                }
                events.add(new StoredEvent(seq++, b.event()));
                owners.add(p);
            }
        }
        List<StoredEvent> stored = store.events().apply(events, List.of(), seq);
        Map<Integer, List<EventView>> byPerson = new TreeMap<>();
        long[] sequences = new long[stored.size()];
        String[] profiles = new String[stored.size()];
        for (int i = 0; i < stored.size(); i++) {
            StoredEvent e = stored.get(i);
            sequences[i] = e.sequence();
            profiles[i] = "p_" + owners.get(i);
            byPerson.computeIfAbsent(owners.get(i), k -> new ArrayList<>()).add(new EventView(e.sequence(), e.event().name(),
                    e.event().type(), e.event().timestamp(), e.event().brand(), e.event().sourceId(), e.event().json()));
        }
        Map<String, PersonView> view = new LinkedHashMap<>();
        List<IdentityStore.StoredProfile> rows = new ArrayList<>();
        List<io.kith.profile.ProfileValueStore.Computed> values = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            String id = "p_" + p;
            Map<String, JsonNode> traits = traits(random);
            Map<String, Trait> stored3 = new LinkedHashMap<>();
            traits.forEach((name, value) -> stored3.put(name, new Trait(value, "src_crm", Instant.parse("2026-01-01T00:00:00Z"), 1)));
            List<ProfileIdentifier> ids = new ArrayList<>();
            ids.add(new ProfileIdentifier("user_id", "u" + p, Instant.parse("2026-01-01T00:00:00Z"), 0));
            Set<String> types = new TreeSet<>(Set.of("user_id"));
            if (random.nextBoolean()) {
                ids.add(new ProfileIdentifier("email", "u" + p + "@example.com", Instant.parse("2026-01-01T00:00:00Z"), 0));
                types.add("email");
            }
            List<EventView> mine = byPerson.getOrDefault(p, List.of());
            Set<String> brands = new TreeSet<>();
            Set<String> sources = new TreeSet<>();
            Instant first = null;
            Instant last = null;
            Map<String, Long> byType = new LinkedHashMap<>();
            for (EventView e : mine) {
                brands.add(e.brand());
                sources.add(e.sourceId());
                first = first == null || e.timestamp().isBefore(first) ? e.timestamp() : first;
                last = last == null || e.timestamp().isAfter(last) ? e.timestamp() : last;
                byType.merge(e.type().wireName(), 1L, Long::sum);
            }
            rows.add(new IdentityStore.StoredProfile(new Profile(id, ids, stored3, sources, brands, first, last, mine.size(), byType,
                    List.of()), List.of()));
            List<io.kith.profile.ProfileValueStore.Computed> computed = computedValues(id, random);
            values.addAll(computed);
            view.put(id, io.kith.segment.PersonViews.withValues(PersonView.empty().withTraits(traits).withIdentifierTypes(types)
                    .withBrandsAndSources(brands, sources).withSeen(first, last, mine.size()).withEvents(mine), computed));
        }
        // the ids in profile-id order, as the store answers them
        Map<String, PersonView> ordered = new TreeMap<>(view);
        store.identity().apply(rows, Map.of(), new IdentityStore.EventAssignments(sequences, profiles), stored.get(stored.size() - 1).sequence() + 1);
        store.values().put(values);
        return new World(ordered);
    }

    /** Labels, RFM, model scores, consent and computed traits, some of the wrong type (which must read as missing). */
    private static List<io.kith.profile.ProfileValueStore.Computed> computedValues(String id, Random random) {
        List<io.kith.profile.ProfileValueStore.Computed> out = new ArrayList<>();
        java.util.function.BiConsumer<ProfileValue.Namespace, Map.Entry<String, JsonNode>> add = (ns, e) ->
                out.add(new io.kith.profile.ProfileValueStore.Computed(id, ns, e.getKey(), e.getValue(), 1, NOW));
        if (random.nextInt(3) > 0) {
            add.accept(ProfileValue.Namespace.LABEL, Map.entry("lifecycle", random.nextInt(5) == 0 ? NODES.numberNode(1)
                    : NODES.textNode(random.nextBoolean() ? "at_risk" : "loyal")));
        }
        if (random.nextInt(3) > 0) {
            add.accept(ProfileValue.Namespace.RFM, Map.entry("segment", NODES.textNode(random.nextBoolean() ? "Champions" : "Lost")));
            add.accept(ProfileValue.Namespace.RFM, Map.entry("r", NODES.numberNode(1 + random.nextInt(5))));
            add.accept(ProfileValue.Namespace.RFM, Map.entry("monetary", NODES.numberNode(new BigDecimal(random.nextInt(100000)).movePointLeft(2))));
        }
        if (random.nextBoolean()) { // the person's RFM among one brand's customers
            add.accept(ProfileValue.Namespace.RFM, Map.entry("segment@acme", NODES.textNode(random.nextBoolean() ? "Champions" : "Lost")));
            add.accept(ProfileValue.Namespace.RFM, Map.entry("r@acme", NODES.numberNode(1 + random.nextInt(5))));
        }
        if (random.nextBoolean()) {
            // now and then a model's structured output (a household, recommendations): no number, so missing to a condition
            add.accept(ProfileValue.Namespace.MODEL, Map.entry("churn", random.nextInt(5) == 0 ? NODES.objectNode().put("size", 2)
                    : NODES.numberNode(new BigDecimal(random.nextInt(100)).movePointLeft(2))));
        }
        if (random.nextBoolean()) {
            add.accept(ProfileValue.Namespace.CONSENT, Map.entry("email", NODES.textNode(random.nextBoolean() ? "granted" : "denied")));
        }
        if (random.nextBoolean()) {
            add.accept(ProfileValue.Namespace.COMPUTED, Map.entry("orders_90d", random.nextInt(4) == 0 ? NODES.textNode("3")
                    : NODES.numberNode(random.nextInt(6))));
        }
        return out;
    }

    /** Event times around the windows' edges, some after now. */
    private static Instant eventTime(Random random) {
        Duration span = SPANS[random.nextInt(SPANS.length)];
        return switch (random.nextInt(5)) {
            case 0 -> NOW.minus(span); // exactly on an edge
            case 1 -> NOW.minus(span).plusNanos(1_000); // a microsecond inside
            case 2 -> NOW.plus(Duration.ofHours(1 + random.nextInt(48))); // after now
            default -> NOW.minusSeconds(random.nextInt(200 * 86_400));
        };
    }

    private static Map<String, JsonNode> traits(Random random) {
        Map<String, JsonNode> t = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> t.put("plan", NODES.textNode(random.nextBoolean() ? "gold" : "silver"));
            case 1 -> t.put("plan", NODES.numberNode(3));
            case 2 -> t.put("plan", NODES.nullNode());
            default -> { }
        }
        switch (random.nextInt(4)) {
            case 0 -> t.put("age", NODES.numberNode(18 + random.nextInt(60)));
            case 1 -> t.put("age", NODES.numberNode(new BigDecimal("41.50")));
            case 2 -> t.put("age", NODES.textNode("40"));
            default -> { }
        }
        switch (random.nextInt(5)) {
            case 0 -> t.put("birthday", NODES.textNode("19" + (50 + random.nextInt(50)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)));
            case 1 -> t.put("birthday", NODES.textNode("1990-05-01T10:00:00+02:00"));
            case 2 -> t.put("birthday", NODES.textNode("1990-02-30"));
            case 3 -> t.put("birthday", NODES.textNode("yesterday"));
            default -> { }
        }
        if (random.nextBoolean()) {
            t.put("vip", NODES.booleanNode(random.nextBoolean()));
        }
        if (random.nextBoolean()) {
            var tags = NODES.arrayNode();
            if (random.nextBoolean()) {
                tags.add("sale");
            }
            tags.add(random.nextBoolean() ? "new" : "loyal");
            t.put("tags", tags);
        }
        if (random.nextBoolean()) {
            t.put("address", NODES.objectNode().put("city", random.nextBoolean() ? "Leeds" : "Bath"));
        }
        return t;
    }

    // ---- conditions ------------------------------------------------------------------------------------------------

    private static Condition condition(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0, 1 -> traitCondition(random);
            case 2 -> new Condition.IdentifierPresent(random.nextBoolean() ? "email" : "phone");
            case 3, 4 -> eventCondition(random);
            case 5 -> sequence(random);
            case 6 -> new Condition.And(List.of(condition(random, depth - 1), condition(random, depth - 1)));
            case 7 -> new Condition.Or(List.of(condition(random, depth - 1), condition(random, depth - 1)));
            default -> new Condition.Not(condition(random, depth - 1));
        };
    }

    private static Condition traitCondition(Random random) {
        return switch (random.nextInt(17)) {
            case 12 -> value(ProfileValue.Namespace.LABEL, "lifecycle", random.nextBoolean() ? Operator.EQ : Operator.NE, new Literal.StringLit("at_risk"));
            case 13 -> value(ProfileValue.Namespace.RFM, random.nextBoolean() ? "r" : random.nextBoolean() ? "r@acme" : "monetary", Operator.GE,
                    Literal.NumberLit.of(random.nextBoolean() ? 3 : 400));
            case 14 -> value(ProfileValue.Namespace.RFM, random.nextBoolean() ? "segment" : random.nextBoolean() ? "segment@acme" : "segment@beta",
                    Operator.IN, new Literal.ListLit(List.of(new Literal.StringLit("Champions"))));
            case 15 -> random.nextBoolean() ? value(ProfileValue.Namespace.MODEL, "churn", Operator.GT, new Literal.NumberLit(new BigDecimal("0.5")))
                    : new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.MODEL, "churn"),
                    Comparison.of(random.nextBoolean() ? Operator.ABSENT : Operator.EXISTS, new Literal.NoLit()));
            case 16 -> random.nextBoolean() ? value(ProfileValue.Namespace.CONSENT, "email", Operator.EQ, new Literal.StringLit("granted"))
                    : new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.COMPUTED, "orders_90d"),
                    random.nextBoolean() ? Comparison.of(Operator.GE, Literal.NumberLit.of(2)) : Comparison.of(Operator.ABSENT, new Literal.NoLit()));
            case 0 -> trait("plan", Operator.EQ, new Literal.StringLit("gold"));
            case 1 -> trait("plan", Operator.NE, new Literal.StringLit("gold"));
            case 2 -> trait("plan", random.nextBoolean() ? Operator.ABSENT : Operator.EXISTS, new Literal.NoLit());
            case 3 -> trait("age", new Operator[] {Operator.LT, Operator.LE, Operator.GT, Operator.GE, Operator.EQ}[random.nextInt(5)],
                    new Literal.NumberLit(new BigDecimal(random.nextBoolean() ? "41.5" : "40")));
            case 4 -> trait("age", Operator.IN, new Literal.ListLit(List.of(Literal.NumberLit.of(40), new Literal.NumberLit(new BigDecimal("41.5")))));
            case 5 -> trait("plan", Operator.NOT_IN, new Literal.ListLit(List.of(new Literal.StringLit("silver"))));
            case 6 -> trait("birthday", random.nextBoolean() ? Operator.BEFORE : Operator.AFTER,
                    new Literal.DateLit(Instant.parse("1975-01-01T00:00:00Z")));
            case 7 -> trait("birthday", Operator.EQ, new Literal.DateLit(Instant.parse("1990-05-01T08:00:00Z")));
            case 8 -> trait("tags", Operator.CONTAINS, new Literal.StringLit(random.nextBoolean() ? "sale" : "new"));
            case 9 -> trait("vip", Operator.EQ, new Literal.BoolLit(random.nextBoolean()));
            case 10 -> trait("address.city", random.nextBoolean() ? Operator.STARTS_WITH : Operator.CONTAINS, new Literal.StringLit("Le"));
            default -> new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.PROFILE,
                    random.nextBoolean() ? "brands" : "sources"), Comparison.of(Operator.CONTAINS,
                    new Literal.StringLit(random.nextBoolean() ? "northwind" : "src_pos")));
        };
    }

    private static Condition value(ProfileValue.Namespace ns, String name, Operator op, Literal lit) {
        return new Condition.ProfileValueCondition(new ProfileValue(ns, name), Comparison.of(op, lit));
    }

    private static Condition trait(String path, Operator op, Literal lit) {
        return new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, path), Comparison.of(op, lit));
    }

    private static EventFilter filter(Random random) {
        String name = random.nextInt(5) == 0 ? null : NAMES[random.nextInt(NAMES.length)];
        EventType type = random.nextInt(6) == 0 ? EventType.PAGE : null;
        List<PropertyPredicate> where = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            where.add(new PropertyPredicate("properties.category", Comparison.of(Operator.EQ, new Literal.StringLit("shoes"))));
        }
        if (random.nextInt(4) == 0) {
            where.add(new PropertyPredicate("properties.total", Comparison.of(Operator.GE, Literal.NumberLit.of(50))));
        }
        Set<String> brands = random.nextInt(4) == 0 ? Set.of("northwind-mobile") : Set.of();
        Set<String> sources = random.nextInt(4) == 0 ? Set.of("src_pos") : Set.of();
        return new EventFilter(type == null ? name : null, type, where, new EventFilter.Scope(brands, sources));
    }

    private static Window window(Random random) {
        Duration span = SPANS[random.nextInt(SPANS.length)];
        return switch (random.nextInt(4)) {
            case 0 -> new Window.Ever();
            case 1 -> new Window.Within(span);
            case 2 -> new Window.Between(span, span.multipliedBy(3));
            default -> new Window.Since(NOW.minus(span));
        };
    }

    private static Condition eventCondition(Random random) {
        Aggregate agg = switch (random.nextInt(5)) {
            case 0 -> new Aggregate.Sum("properties.total");
            case 1 -> new Aggregate.Avg("properties.total");
            case 2 -> new Aggregate.Min("properties.total");
            case 3 -> new Aggregate.Max("properties.total");
            default -> new Aggregate.Count();
        };
        Operator op = new Operator[] {Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT, Operator.GE}[random.nextInt(6)];
        Literal.NumberLit target = agg instanceof Aggregate.Count ? Literal.NumberLit.of(random.nextInt(4))
                : new Literal.NumberLit(new BigDecimal(random.nextInt(300)).movePointLeft(random.nextInt(2)));
        return new Condition.EventCondition(filter(random), window(random), agg, Comparison.of(op, target));
    }

    private static Condition sequence(Random random) {
        Duration within = random.nextBoolean() ? null : SPANS[random.nextInt(SPANS.length)];
        return new Condition.SequenceCondition(filter(random), window(random), filter(random), within, random.nextBoolean());
    }
}
