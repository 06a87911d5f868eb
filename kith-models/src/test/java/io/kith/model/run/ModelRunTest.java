package io.kith.model.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.derive.Definitions;
import io.kith.derive.Derivations;
import io.kith.error.KithException;
import io.kith.event.EventType;
import io.kith.label.LabelDefinition;
import io.kith.label.LabelRule;
import io.kith.label.Labeller;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.EventView;
import io.kith.segment.PersonView;
import io.kith.segment.PersonViews;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.source.SourceKind;
import io.kith.testkit.InMemoryDefinitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRunTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final Map<String, SourceKind> SOURCE_KINDS = Map.of("web", SourceKind.WEB, "app", SourceKind.MOBILE, "pos", SourceKind.POS,
            "callcentre", SourceKind.CALL_CENTER);

    private final InMemoryDefinitions definitions = new InMemoryDefinitions();
    private final MemoryValues values = new MemoryValues();
    private final List<LabelDefinition> labels = new ArrayList<>();
    private final Map<String, List<EventView>> events = new LinkedHashMap<>();
    private final Map<String, Map<String, JsonNode>> traits = new HashMap<>();
    private final Map<String, List<io.kith.identity.Identifier>> identifiers = new HashMap<>();
    private long sequence;

    private ModelRun run() {
        return new ModelRun(definitions, values, () -> List.of(people()), () -> Derivations.RfmSource.DEFAULT, labels::add, id -> !id.equals("gone"),
                ids -> { Map<String, List<io.kith.identity.Identifier>> out = new HashMap<>(); ids.forEach(i -> out.put(i, identifiers.getOrDefault(i, List.of()))); return out; },
                "GB", id -> SOURCE_KINDS.getOrDefault(id, SourceKind.OTHER), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<PersonViews.Identified> people() {
        List<PersonViews.Identified> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(events.keySet());
        ids.addAll(traits.keySet());
        ids.addAll(identifiers.keySet());
        ids.forEach(id -> out.add(new PersonViews.Identified(id, PersonView.empty().withEvents(events.getOrDefault(id, List.of()))
                .withTraits(traits.getOrDefault(id, Map.of())))));
        return out;
    }

    private void order(String person, Instant at, double revenue, String brand) {
        ObjectNode json = N.objectNode();
        json.put("type", "track").put("event", "Order Completed").put("timestamp", at.toString());
        json.putObject("properties").put("revenue", revenue).put("order_id", person + "-" + sequence);
        events.computeIfAbsent(person, k -> new ArrayList<>()).add(new EventView(++sequence, "Order Completed", EventType.TRACK, at, brand, "web", json));
    }

    /** A track event other than a purchase. */
    private void track(String person, String name, Instant at, String source) {
        ObjectNode json = N.objectNode();
        json.put("type", "track").put("event", name).put("timestamp", at.toString());
        events.computeIfAbsent(person, k -> new ArrayList<>()).add(new EventView(++sequence, name, EventType.TRACK, at, "north", source, json));
    }

    /** A population of customers who buy at their own rate and drop out after any purchase with their own chance. */
    private void population(int n) {
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            double gap = 7 + random.nextDouble() * 60;
            double dropout = 0.05 + random.nextDouble() * 0.4;
            double day = 30 + random.nextDouble() * 700;
            double spend = 20 + random.nextDouble() * 80;
            while (day > 0) {
                order(id, NOW.minus(Duration.ofHours((long) (day * 24))), spend * (0.8 + random.nextDouble() * 0.4), i % 2 == 0 ? "north" : "south");
                if (random.nextDouble() < dropout) {
                    break;
                }
                day -= -gap * Math.log(1 - random.nextDouble());
            }
        }
        events.computeIfAbsent("browser", k -> new ArrayList<>()).add(new EventView(++sequence, "Product Viewed", EventType.TRACK,
                NOW.minus(Duration.ofDays(3)), "north", "web", N.objectNode().put("event", "Product Viewed")));
    }

    @Test
    void aWeeklyBuyerIsAliveAndOneWhoStoppedAYearAgoIsLikelyToHaveChurned() {
        population(300);
        for (int w = 1; w <= 52; w++) {
            order("weekly", NOW.minus(Duration.ofDays(7L * w)), 40, "north");
        }
        order("gone", NOW.minus(Duration.ofDays(30)), 10, "north");
        order("gone", NOW.minus(Duration.ofDays(20)), 10, "north");
        for (int w = 0; w < 20; w++) {
            order("stopped", NOW.minus(Duration.ofDays(365 + 7L * w)), 40, "north");
        }

        Definitions.Saved saved = run().run("clv");

        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.body().path("parameters").path("r").asDouble()).isPositive();
        assertThat(saved.body().path("metrics").path("bgNbdLogLikelihood").asDouble()).isNegative();
        assertThat(saved.body().path("dataWindow").path("to").asText()).isEqualTo("2026-06-01");
        Map<String, Computed> weekly = model("weekly");
        Map<String, Computed> stopped = model("stopped");
        assertThat(weekly.get("p_alive").value().asDouble()).isGreaterThan(0.8);
        assertThat(weekly.get("churn_risk").value().asDouble()).isLessThan(0.2);
        assertThat(weekly.get("expected_purchases_90d").value().asDouble()).isGreaterThan(5);
        assertThat(stopped.get("churn_risk").value().asDouble()).isGreaterThan(0.9);
        assertThat(weekly.get("clv_12m").value().asDouble()).isGreaterThan(stopped.get("clv_12m").value().asDouble());
        assertThat(weekly.get("clv_percentile").value().asDouble()).isGreaterThanOrEqualTo(90);
        assertThat(weekly.get("p_alive").version()).isEqualTo(1);
        assertThat(weekly.get("p_alive").computedAt()).isEqualTo(NOW);
        assertThat(model("browser")).isEmpty();
        assertThat(model("gone")).as("erased while the run trained").isEmpty();

        // the labels over the values are label definitions, which the label system computes
        LabelDefinition churn = labels.stream().filter(l -> l.name().equals("churn_risk")).findFirst().orElseThrow();
        assertThat(Labeller.label(churn, PersonView.empty().withModels(Map.of("churn_risk", new java.math.BigDecimal("0.95"))), NOW).asText())
                .isEqualTo("high");
        LabelDefinition band = labels.stream().filter(l -> l.name().equals("clv_band")).findFirst().orElseThrow();
        assertThat(Labeller.label(band, PersonView.empty().withModels(Map.of("clv_percentile", java.math.BigDecimal.valueOf(95))), NOW)
                .asText()).isEqualTo("top10");

        // the explanation is rebuilt from the person's inputs and the run's parameters, with the version
        List<io.kith.prediction.ModelJobs.Explanation> why = ModelRun.explain(values.of("weekly"), definitions);
        assertThat(why).singleElement().satisfies(e -> {
            assertThat(e.model()).isEqualTo("clv");
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.explanation()).startsWith("bg-nbd+gamma-gamma/1/").contains("51 repeat purchases").contains("P(alive)");
        });

        assertThat(run().run("clv").version()).isEqualTo(2);
        assertThat(model("weekly").get("p_alive").version()).isEqualTo(2);
    }

    @Test
    void clustersAreDescribedAndTheirLabelNamesEachCluster() {
        population(300);
        Definitions.Saved saved = run().run("clusters");

        JsonNode clusters = saved.body().path("metrics").path("clusters");
        int k = saved.body().path("parameters").path("k").asInt();
        assertThat(clusters.size()).isEqualTo(k).isBetween(2, 6);
        int total = 0;
        for (JsonNode c : clusters) {
            total += c.path("size").asInt();
            assertThat(c.path("description").asText()).isNotBlank();
        }
        assertThat(total).isEqualTo(300);
        Computed c0 = model("c0").get("cluster");
        assertThat(c0.version()).isEqualTo(1);
        LabelDefinition label = labels.stream().filter(l -> l.name().equals("cluster")).findFirst().orElseThrow();
        assertThat(((LabelRule.Bands) label.rule()).bands()).hasSize(k);
        String described = Labeller.label(label, PersonView.empty().withModels(Map.of("cluster", c0.value().decimalValue())), NOW).asText();
        assertThat(described).isEqualTo(clusters.get(c0.value().asInt()).path("description").asText());
        assertThat(ModelRun.explain(values.of("c0"), definitions)).singleElement()
                .satisfies(e -> assertThat(e.explanation()).contains(described));
    }

    @Test
    void aBrandWithEnoughCustomersHasItsOwnFitAndValues() {
        population(500); // 250 customers each of north and south
        order("elsewhere", NOW.minus(Duration.ofDays(40)), 10, "Far Away");
        order("elsewhere", NOW.minus(Duration.ofDays(20)), 10, "Far Away");
        values.put(List.of(new Computed("c0", Namespace.MODEL, "clv_12m_gone", N.numberNode(1), 1, NOW)));

        Definitions.Saved saved = run().run("clv");

        JsonNode brands = saved.body().path("metrics").path("brands");
        assertThat(brands.path("north").path("fitted").asBoolean()).isTrue();
        assertThat(brands.path("north").path("r").asDouble()).isPositive();
        assertThat(brands.path("Far Away").path("fitted").asBoolean()).isFalse();
        Map<String, Computed> c0 = model("c0");
        assertThat(c0).containsKeys("churn_risk_north", "clv_12m_north").doesNotContainKeys("churn_risk_south", "clv_12m_gone");
        assertThat(model("c1")).containsKeys("churn_risk_south").doesNotContainKeys("churn_risk_north");
        assertThat(c0.get("clv_12m_north").version()).isEqualTo(1);
        assertThat(ModelRun.brandSuffix("Far Away")).isEqualTo("far_away");
    }

    private void trait(String person, String name, String value) {
        traits.computeIfAbsent(person, k -> new HashMap<>()).put(name, N.textNode(value));
    }

    @Test
    void householdsGroupProfilesThatShareATokenAnAddressOrALandlineAndAreNoMerge() {
        identifiers.put("a", List.of(new io.kith.identity.Identifier("payment_token", "tok_0123456789abcdef"),
                new io.kith.identity.Identifier("email", "a@example.com")));
        identifiers.put("b", List.of(new io.kith.identity.Identifier("payment_token", "tok_0123456789abcdef")));
        trait("a", "last_name", "Smith");
        trait("c", "last_name", "Müller");
        trait("c", "address", "12 High St, London SW1A 1AA");
        traits.get("c").put("name", N.textNode("Anna Müller"));
        trait("d", "name", "Jan Muller");
        traits.computeIfAbsent("d", k -> new HashMap<>()).put("address", N.objectNode().put("street", "12 High Street")
                .put("city", "London").put("postalCode", "SW1A 1AA"));
        // a shared mobile is no household evidence; a shared fixed line is
        identifiers.put("e", List.of(new io.kith.identity.Identifier("phone", "+447700900123")));
        identifiers.put("f", List.of(new io.kith.identity.Identifier("phone", "+447700900123")));
        identifiers.put("g", List.of(new io.kith.identity.Identifier("phone", "+442079460123")));
        trait("h", "landline", "020 7946 0123");
        trait("alone", "address", "3 Low Road");
        // identifiers the graph gave another profile are still in the events: a shared tablet
        for (String person : List.of("i", "j")) {
            ObjectNode json = N.objectNode().put("type", "page");
            json.putObject("context").putObject("device").put("id", "tablet-7f3e");
            events.computeIfAbsent(person, k -> new ArrayList<>()).add(new EventView(++sequence, null, EventType.PAGE, NOW.minus(Duration.ofDays(2)),
                    "north", "web", json));
        }

        Definitions.Saved saved = run().run("households");

        assertThat(saved.body().path("metrics").path("households").asInt()).as(saved.body().toString()).isEqualTo(4);
        assertThat(model("i").get("household_confidence").value().asDouble()).isEqualTo(0.6);
        assertThat(ModelRun.household(values.of("j")).orElseThrow().explanation()).isEqualTo("2 profiles, confidence 0.60: same device …7f3e (2 profiles)");
        assertThat(saved.body().path("metrics").path("householdsByEvidence").path("payment_token").asInt()).isEqualTo(1);
        assertThat(saved.body().path("parameters").path("modelVersion").asText()).startsWith("households/1/");
        Map<String, Computed> a = model("a");
        Map<String, Computed> b = model("b");
        assertThat(a.get("household_id").value()).isEqualTo(b.get("household_id").value());
        assertThat(a.get("household_id").value().isIntegralNumber()).isTrue();
        assertThat(a.get("household_size").value().asInt()).isEqualTo(2);
        assertThat(a.get("household_confidence").value().asDouble()).isEqualTo(0.9);
        assertThat(model("c").get("household_id").value()).isEqualTo(model("d").get("household_id").value())
                .isNotEqualTo(a.get("household_id").value());
        assertThat(model("g").get("household_id").value()).isEqualTo(model("h").get("household_id").value());
        assertThat(model("e")).isEmpty();
        assertThat(model("alone")).isEmpty();
        assertThat(model("c").get("household_id").version()).isEqualTo(1);

        var view = ModelRun.household(values.of("c")).orElseThrow();
        assertThat(view.members()).extracting(io.kith.prediction.ModelJobs.Member::profileId).containsExactly("c", "d");
        assertThat(view.confidence()).isEqualTo(0.85);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.modelVersion()).startsWith("households/1/");
        assertThat(view.evidence()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("address_and_surname");
            assertThat(r.shown()).isNull();
        });
        assertThat(view.explanation()).isEqualTo("2 profiles, confidence 0.85: same address and surname (2 profiles)");
        // the shared values are not kept: the token by its last four characters, the address not at all
        assertThat(model("c").get("household").value().toString()).doesNotContainIgnoringCase("high street");
        assertThat(ModelRun.household(values.of("a")).orElseThrow().evidence().getFirst().shown()).isEqualTo("…cdef");
        assertThat(model("a").get("household").value().toString()).doesNotContain("0123456789abcdef");
        assertThat(ModelRun.household(values.of("e"))).isEmpty();

        // the label copies the id as text, for segments
        LabelDefinition label = labels.stream().filter(l -> l.name().equals("household_id")).findFirst().orElseThrow();
        assertThat(Labeller.label(label, PersonView.empty().withModels(Map.of("household_id", a.get("household_id").value().decimalValue())), NOW)
                .asText()).isEqualTo(a.get("household_id").value().asText())
                .isEqualTo(ModelRun.household(values.of("a")).orElseThrow().householdId());

        // a household that breaks up loses its values at the next run
        identifiers.put("b", List.of());
        run().run("households");
        assertThat(model("a")).isEmpty();
        assertThat(model("c").get("household_id").version()).isEqualTo(2);
    }

    @Test
    void recommendationsComeFromCoPurchasesAndViewsAndAreEvaluatedAgainstPopularity() {
        shop();
        events.put("newcomer", new ArrayList<>());
        events.get("newcomer").add(new EventView(++sequence, "Signed Up", EventType.TRACK, NOW.minus(Duration.ofDays(1)), "north", "web",
                N.objectNode().put("event", "Signed Up")));

        Definitions.Saved saved = run().run("recommendations");

        JsonNode eval = saved.body().path("metrics").path("leaveLastOut");
        assertThat(eval.path("customersEvaluated").asInt()).isGreaterThan(100);
        assertThat(eval.path("hitRate").asDouble()).isGreaterThan(eval.path("popularityHitRate").asDouble());
        assertThat(saved.body().path("metrics").path("views").asLong()).isPositive();
        assertThat(saved.body().path("parameters").path("popular").size()).isEqualTo(10);
        var mine = ModelRun.recommendations(values.of("c0"), definitions).orElseThrow();
        assertThat(mine.basis()).isEqualTo("item-to-item");
        assertThat(mine.version()).isEqualTo(1);
        assertThat(mine.modelVersion()).startsWith("item-to-item/1/");
        assertThat(mine.items()).hasSize(10);
        assertThat(mine.items().getFirst().why()).startsWith("bought or viewed with Product i");
        assertThat(mine.items().getFirst().name()).isEqualTo("Product " + mine.items().getFirst().productId());
        // never a product the customer bought
        java.util.Set<String> bought = new java.util.HashSet<>();
        events.get("c0").stream().filter(e -> e.name().equals("Order Completed"))
                .forEach(e -> bought.add(e.json().path("properties").path("products").get(0).path("product_id").asText()));
        assertThat(mine.items()).noneMatch(r -> bought.contains(r.productId()));
        var fallback = ModelRun.recommendations(values.of("newcomer"), definitions).orElseThrow();
        assertThat(fallback.basis()).isEqualTo("popular");
        assertThat(fallback.items()).hasSize(10).allSatisfy(r -> assertThat(r.why()).startsWith("popular: bought by"));
        assertThat(ModelRun.recommendations(List.of(), new InMemoryDefinitions())).isEmpty();
    }

    @Test
    void purchasePropensityIsTrainedWithATimeSplitAndReportsItsAucAndCalibration() {
        population(600);
        for (int w = 1; w <= 52; w++) {
            order("weekly", NOW.minus(Duration.ofDays(7L * w)), 40, "north");
        }
        for (int w = 0; w < 20; w++) {
            order("stopped", NOW.minus(Duration.ofDays(365 + 7L * w)), 40, "north");
        }

        Definitions.Saved saved = run().run("propensity");

        JsonNode metrics = saved.body().path("metrics");
        assertThat(metrics.path("auc").asDouble()).isGreaterThan(0.7);
        assertThat(metrics.path("brier").asDouble()).isLessThan(metrics.path("baseRateBrier").asDouble());
        assertThat(metrics.path("calibration").size()).isPositive();
        int binned = 0;
        for (JsonNode bin : metrics.path("calibration")) {
            binned += bin.path("customers").asInt();
        }
        assertThat(binned).isEqualTo(metrics.path("heldOutCustomers").asInt());
        assertThat(saved.body().path("parameters").path("cutoff").asText()).isEqualTo("2026-03-03");
        assertThat(saved.body().path("parameters").path("coefficients").properties()).extracting(Map.Entry::getKey).containsExactly(
                "recency_days", "log_frequency", "log_monetary", "tenure_days", "trend_90d", "log_other_events_90d",
                "log_support_contacts_90d", "newsletter_unsubscribed", "share_web", "share_app", "share_store");
        double weekly = model("weekly").get("purchase_propensity").value().asDouble();
        assertThat(weekly).isGreaterThan(0.8).isGreaterThan(model("stopped").get("purchase_propensity").value().asDouble());
        assertThat(ModelRun.explain(values.of("weekly"), definitions)).singleElement().satisfies(e -> {
            assertThat(e.model()).isEqualTo("propensity");
            assertThat(e.explanation()).startsWith("purchase-propensity/1/").contains("recency_days");
        });
        LabelDefinition band = labels.stream().filter(l -> l.name().equals("purchase_propensity")).findFirst().orElseThrow();
        assertThat(Labeller.label(band, PersonView.empty().withModels(Map.of("purchase_propensity", new java.math.BigDecimal("0.65"))), NOW)
                .asText()).isEqualTo("high");
    }

    @Test
    void propensityTrainsOnTheSignalsAsOfTheCutoffAndScoresOnThoseOfToday() {
        population(600);
        Instant cutoff = NOW.minus(Duration.ofDays(PropensityRun.HORIZON_DAYS));
        for (int i = 0; i < 600; i += 3) {
            track("c" + i, "Support Contact", cutoff.minus(Duration.ofDays(20 + i % 50)), "callcentre");
        }
        for (int i = 0; i < 600; i += 4) {
            track("c" + i, "Newsletter Subscribed", cutoff.minus(Duration.ofDays(200)), "web");
            track("c" + i, i % 8 == 0 ? "Newsletter Unsubscribed" : "Product Viewed", cutoff.minus(Duration.ofDays(30)), "app");
        }
        JsonNode first = run().run("propensity").body();
        double before = model("c3").get("purchase_propensity").value().asDouble();

        for (int i = 0; i < 600; i += 2) {
            track("c" + i, "Support Contact", cutoff.plus(Duration.ofDays(1)), "callcentre");
            track("c" + i, "Newsletter Unsubscribed", cutoff.plus(Duration.ofDays(2)), "web");
            track("c" + (i + 1), "Product Viewed", cutoff.plus(Duration.ofDays(3)), "app");
        }
        JsonNode second = run().run("propensity").body();

        assertThat(first.path("parameters").path("coefficients").path("newsletter_unsubscribed").asDouble()).isNotZero();
        assertThat(first.path("parameters").path("coefficients").path("log_support_contacts_90d").asDouble()).isNotZero();
        assertThat(first.path("parameters").path("coefficients").path("share_app").asDouble()).isNotZero();
        assertThat(second.path("parameters").path("coefficients")).isEqualTo(first.path("parameters").path("coefficients"));
        assertThat(second.path("parameters").path("intercept")).isEqualTo(first.path("parameters").path("intercept"));
        assertThat(second.path("metrics").path("auc")).isEqualTo(first.path("metrics").path("auc"));
        assertThat(model("c3").get("purchase_propensity").value().asDouble()).isNotEqualTo(before);
    }

    @Test
    void tooFewCustomersIsAnErrorThatSaysSo() {
        order("a", NOW.minus(Duration.ofDays(10)), 10, "north");
        assertThatThrownBy(() -> run().run("clv")).isInstanceOf(KithException.class).hasMessageContaining("repeat purchase");
        assertThatThrownBy(() -> run().run("nope")).isInstanceOf(KithException.class).hasMessageContaining("clv, clusters");
    }

    @Test
    void everyModelOnOneReadGivesWhatEachGivesOnItsOwn() {
        population(400);
        shop();
        for (int w = 1; w <= 40; w++) {
            order("weekly", NOW.minus(Duration.ofDays(7L * w)), 40, "north");
            track("weekly", "Product Viewed", NOW.minus(Duration.ofDays(7L * w + 1)), "web");
        }
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ModelRun oneByOne = run(definitions, values, labels, reads);
        for (String m : ModelRun.MODELS) {
            oneByOne.run(m);
        }
        assertThat(reads).as("one read per model run alone").hasValue(ModelRun.MODELS.size());

        InMemoryDefinitions together = new InMemoryDefinitions();
        MemoryValues togetherValues = new MemoryValues();
        List<LabelDefinition> togetherLabels = new ArrayList<>();
        reads.set(0);
        List<ModelRun.Result> results = run(together, togetherValues, togetherLabels, reads).run(ModelRun.MODELS);
        assertThat(reads).as("one read for them all").hasValue(1);
        assertThat(results).extracting(ModelRun.Result::model).containsExactlyElementsOf(ModelRun.MODELS);
        assertThat(results).allSatisfy(r -> assertThat(r.failure()).isNull());
        for (String m : ModelRun.MODELS) {
            assertThat(together.latest(Definitions.Kind.MODEL_RUN, m).orElseThrow().body())
                    .as(m).isEqualTo(definitions.latest(Definitions.Kind.MODEL_RUN, m).orElseThrow().body());
        }
        for (String id : List.of("c0", "c1", "c7", "weekly")) {
            assertThat(togetherValues.of(id)).as(id).containsExactlyInAnyOrderElementsOf(values.of(id));
        }
        assertThat(togetherLabels).isEqualTo(labels);
    }

    @Test
    void everyLabelAModelSavesIsAModelLabel() {
        population(400);
        shop();
        run(definitions, values, labels, new java.util.concurrent.atomic.AtomicInteger()).run(ModelRun.MODELS);
        assertThat(labels).extracting(LabelDefinition::name)
                .contains("churn_risk", "clv_band", "cluster", "household_id", "purchase_propensity");
        // the fourth family of labels: what the models say (churn risk, CLV band, cluster, household, purchase forecast)
        assertThat(labels).allSatisfy(l -> assertThat(l.family()).as(l.name()).isEqualTo(io.kith.label.LabelFamily.MODEL));
    }

    @Test
    void aModelThatFailsInARunOfSeveralLeavesTheOthersRun() {
        for (int i = 0; i < 30; i++) {
            order("once" + i, NOW.minus(Duration.ofDays(10 + i)), 20, "north"); // no repeat purchase: no CLV
        }
        List<ModelRun.Result> results = run().run(List.of("clv", "households"));
        assertThat(results.get(0).failure()).isInstanceOf(KithException.class).hasMessageContaining("repeat purchase");
        assertThat(results.get(0).saved()).isNull();
        assertThat(results.get(1).failure()).isNull();
        assertThat(results.get(1).saved().name()).isEqualTo("households");
        assertThatThrownBy(() -> run().run(List.of("clv", "nope"))).isInstanceOf(KithException.class).hasMessageContaining("no model 'nope'");
        // a server stopping trains none after the moment it stops
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        List<ModelRun.Result> stopped = run().run(List.of("households", "recommendations"), () -> asked.incrementAndGet() > 1);
        assertThat(stopped.get(0).failure()).isNull();
        assertThat(stopped.get(1).failure()).hasMessageContaining("not run: stopping");
        assertThat(definitions.latest(Definitions.Kind.MODEL_RUN, "recommendations")).isEmpty();
    }

    private ModelRun run(Definitions d, ProfileValueStore v, List<LabelDefinition> l, java.util.concurrent.atomic.AtomicInteger reads) {
        return new ModelRun(d, v, () -> {
            reads.incrementAndGet();
            return List.of(people());
        }, () -> Derivations.RfmSource.DEFAULT, l::add, id -> !id.equals("gone"),
                ids -> { Map<String, List<io.kith.identity.Identifier>> out = new HashMap<>(); ids.forEach(i -> out.put(i, identifiers.getOrDefault(i, List.of()))); return out; },
                "GB", id -> SOURCE_KINDS.getOrDefault(id, SourceKind.OTHER), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A shop's purchases (with their products) and product views: 400 customers, 200 products. */
    private void shop() {
        for (io.kith.model.recommend.Interaction in : io.kith.model.recommend.SyntheticShop.interactions(400, 200, 10, 6, 3)) {
            Instant at = NOW.minus(Duration.ofDays(200 - in.time()));
            ObjectNode json = N.objectNode();
            boolean bought = in.kind() == io.kith.model.recommend.Interaction.Kind.PURCHASE;
            String name = bought ? "Order Completed" : "Product Viewed";
            json.put("type", "track").put("event", name).put("timestamp", at.toString());
            ObjectNode props = json.putObject("properties");
            ObjectNode product = N.objectNode().put("product_id", in.itemId()).put("name", "Product " + in.itemId());
            if (bought) {
                props.put("revenue", 10).putArray("products").add(product);
            } else {
                props.setAll(product);
            }
            events.computeIfAbsent(in.customerId(), k -> new ArrayList<>()).add(new EventView(++sequence, name, EventType.TRACK, at, "north", "web", json));
        }
    }

    private Map<String, Computed> model(String id) {
        Map<String, Computed> out = new HashMap<>();
        values.of(id).stream().filter(c -> c.namespace() == Namespace.MODEL).forEach(c -> out.put(c.name(), c));
        return out;
    }

    static final class MemoryValues implements ProfileValueStore {
        private final Map<String, Computed> values = new LinkedHashMap<>();

        private static String key(String id, Namespace ns, String name) {
            return id + "/" + ns + "/" + name;
        }

        @Override
        public void put(List<Computed> list) {
            list.forEach(c -> values.put(key(c.profileId(), c.namespace(), c.name()), c));
        }

        @Override
        public void remove(Namespace namespace, String name, List<String> profileIds) {
            profileIds.forEach(id -> values.remove(key(id, namespace, name)));
        }

        @Override
        public void replaceAll(Namespace namespace, String name, List<Computed> list) {
            values.values().removeIf(c -> c.namespace() == namespace && c.name().equals(name));
            put(list);
        }

        @Override
        public List<Computed> of(String profileId) {
            return values.values().stream().filter(c -> c.profileId().equals(profileId)).toList();
        }

        @Override
        public Map<String, List<Computed>> of(Collection<String> profileIds) {
            Map<String, List<Computed>> out = new HashMap<>();
            profileIds.forEach(id -> out.put(id, of(id)));
            return out;
        }

        @Override
        public void replace(Collection<String> profileIds, Set<Namespace> namespaces, List<Computed> list) {
            values.values().removeIf(c -> profileIds.contains(c.profileId()) && namespaces.contains(c.namespace()));
            put(list);
        }

        @Override
        public Map<String, Long> distribution(Namespace namespace, String name, Optional<String> brand) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> names(Namespace namespace) {
            return values.values().stream().filter(c -> c.namespace() == namespace).map(Computed::name).distinct().sorted().toList();
        }

        @Override
        public List<RfmCell> rfmCells() {
            throw new UnsupportedOperationException();
        }
    }
}
