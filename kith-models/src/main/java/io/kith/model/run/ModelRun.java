package io.kith.model.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.derive.Definitions;
import io.kith.derive.Derivations.RfmSource;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.label.LabelDefinition;
import io.kith.label.LabelFamily;
import io.kith.label.LabelRule;
import io.kith.identity.Identifier;
import io.kith.model.Contribution;
import io.kith.model.household.HouseholdGrouping;
import io.kith.model.recommend.ItemToItemSettings;
import io.kith.model.clv.BgNbd;
import io.kith.model.clv.ClvModel;
import io.kith.model.clv.ClvPrediction;
import io.kith.model.clv.ClvSettings;
import io.kith.model.clv.CustomerSummary;
import io.kith.model.clv.GammaGamma;
import io.kith.model.clv.TimeUnit;
import io.kith.model.cluster.Cluster;
import io.kith.model.cluster.Clustering;
import io.kith.model.cluster.FeatureWords;
import io.kith.model.cluster.KMeans;
import io.kith.prediction.ModelJobs.Explanation;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.PersonViews;
import io.kith.segment.ProfileValue;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.source.SourceKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Trains Kith's models on what Kith holds and writes their outputs on the profiles. The purchases are the events the
 * RFM settings in force name ({@code Order Completed} by default; amount from {@code properties.revenue} or
 * {@code total}, order id from {@code properties.order_id}), read page by page over every live profile as the derived
 * values' whole pass reads them ({@link PersonViews#people(int)}).
 *
 * <ul>
 *   <li>{@code clv}: BG/NBD + Gamma-Gamma fitted group-wide (calibration end = today, UTC), in weeks; writes, in
 *   namespace {@code MODEL}, {@code p_alive}, {@code churn_risk}, {@code expected_purchases_90d},
 *   {@code expected_purchases_365d}, {@code expected_order_value}, {@code clv_12m}, {@code clv_percentile}, and the inputs
 *   that explain them ({@code repeat_purchases}, {@code recency_days}, {@code tenure_days}, {@code repeat_order_value}).
 *   Brands with at least {@link #MIN_BRAND_CUSTOMERS} customers get their own fit, recorded in the run's metrics.</li>
 *   <li>{@code clusters}: k-means (k chosen by silhouette, 2 to 6) on the standardised recency, frequency, spend and
 *   tenure of the customers; writes {@code cluster} (the cluster's number) in namespace {@code MODEL}.</li>
 *   <li>{@code households}: {@link HouseholdsRun}; {@code recommendations}: {@link RecommendationsRun};
 *   {@code propensity}: {@link PropensityRun}.</li>
 * </ul>
 * Each run is saved as a versioned record ({@link Definitions.Kind#MODEL_RUN}, named by the model) with the data window,
 * the parameters and the metrics; its version is the version of every value it wrote. The labels over the values
 * ({@code churn_risk}, {@code clv_band}, {@code cluster}) are label definitions, saved through {@code labels} when they
 * change, so they live in the label system and are recomputed with the other labels.
 */
public final class ModelRun {
    /** The models a run can be asked for. */
    public static final List<String> MODELS = List.of("clv", "clusters", "households", "recommendations", "propensity");
    /** Fewest customers with a repeat purchase a fit needs to mean anything. */
    public static final int MIN_CUSTOMERS = 3;
    /** The most profiles a household may have: a value shared by more is an office, a shop's tablet, a company card. */
    public static final int HOUSEHOLD_MAX_MEMBERS = 10;
    /** Fewest customers a brand needs for its own CLV fit. */
    public static final int MIN_BRAND_CUSTOMERS = 200;
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final TimeUnit UNIT = TimeUnit.WEEKS;
    private static final List<String> CLV_VALUES = List.of("p_alive", "churn_risk", "expected_purchases_90d", "expected_purchases_365d",
            "expected_order_value", "clv_12m", "clv_percentile", "repeat_purchases", "recency_days", "tenure_days", "repeat_order_value");

    private final Definitions definitions;
    private final ProfileValueStore values;
    private final Supplier<Iterable<List<PersonViews.Identified>>> people;
    private final Supplier<RfmSource> purchases;
    private final Consumer<LabelDefinition> labels;
    private final Predicate<String> live;
    private final Function<Collection<String>, Map<String, List<Identifier>>> identifiers;
    private final String region;
    private final Function<String, SourceKind> sourceKinds;
    private final Clock clock;

    /**
     * @param people      pages of every live profile with its events
     * @param purchases   the RFM settings in force (which events are purchases, where their amount and order id are)
     * @param labels      saves a label definition (a new version when it changed) and has labels recomputed
     * @param live        whether a profile is still live when the run writes its values: a person erased or merged away
     *                    while the run trained gets none
     * @param identifiers the identifiers of these profiles (households read payment tokens, devices and phones)
     * @param region      the region (ISO 3166) a landline without a country code is read in, "ZZ" for none
     * @param sourceKinds the kind of each source, by id (the propensity's channel mix and call-centre contacts)
     */
    public ModelRun(Definitions definitions, ProfileValueStore values, Supplier<Iterable<List<PersonViews.Identified>>> people,
                    Supplier<RfmSource> purchases, Consumer<LabelDefinition> labels, Predicate<String> live,
                    Function<Collection<String>, Map<String, List<Identifier>>> identifiers, String region,
                    Function<String, SourceKind> sourceKinds, Clock clock) {
        this.sourceKinds = sourceKinds;
        this.live = live;
        this.definitions = definitions;
        this.values = values;
        this.people = people;
        this.purchases = purchases;
        this.labels = labels;
        this.identifiers = identifiers;
        this.region = region;
        this.clock = clock;
    }

    /**
     * A run that knows no source's kind: every source counts as {@link SourceKind#OTHER}, so the propensity's channel
     * shares are all 0 (the fit then gives them no weight) and only {@code Support Contact} events count as contacts.
     */
    public ModelRun(Definitions definitions, ProfileValueStore values, Supplier<Iterable<List<PersonViews.Identified>>> people,
                    Supplier<RfmSource> purchases, Consumer<LabelDefinition> labels, Predicate<String> live,
                    Function<Collection<String>, Map<String, List<Identifier>>> identifiers, String region, Clock clock) {
        this(definitions, values, people, purchases, labels, live, identifiers, region, id -> SourceKind.OTHER, clock);
    }

    /** Runs one model ({@link #MODELS}) now and answers its saved run record. */
    public Definitions.Saved run(String model) {
        Result r = run(List.of(model)).getFirst();
        if (r.failure() != null) {
            throw r.failure();
        }
        return r.saved();
    }

    /**
     * One model's outcome in a run of several: its saved run record, or why it failed (the others still ran).
     *
     * @param saved   null when it failed
     * @param failure null when it ran
     */
    public record Result(String model, Definitions.Saved saved, RuntimeException failure) {
        public Result {
            if ((saved == null) == (failure == null)) {
                throw new IllegalArgumentException("a model's result is its saved run or its failure, one of them");
            }
        }
    }

    /**
     * Runs these models ({@link #MODELS}) now on one read of what Kith holds: a daily run of every model reads each
     * person's events once, not once per model (the read is most of a run: 500-640 s per model at 100,000 customers and
     * 7.7 M events while other work shared the machine). One result per model, in the order first named (a model named
     * twice runs once); none named reads nothing.
     */
    public List<Result> run(Collection<String> models) {
        return run(models, () -> false);
    }

    /**
     * As {@link #run(Collection)}, asking {@code stopping} before each model is trained: a server shutting down does not
     * train and write the rest (each of those fails with "not run: stopping").
     */
    public List<Result> run(Collection<String> models, java.util.function.BooleanSupplier stopping) {
        if (models.isEmpty()) {
            return List.of();
        }
        for (String model : models) {
            if (!MODELS.contains(model)) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "no model '" + model + "'; the models are " + String.join(", ", MODELS));
            }
        }
        Instant now = clock.instant();
        RunData data = RunData.read(models, people.get(), purchases.get(), identifiers, region, sourceKinds, now);
        List<Result> out = new ArrayList<>(models.size());
        for (String model : new java.util.LinkedHashSet<>(models)) {
            if (stopping.getAsBoolean()) {
                out.add(new Result(model, null, new KithException(ErrorCode.CONFLICT, "not run: stopping")));
                continue;
            }
            try {
                out.add(new Result(model, train(model, data, now), null));
            } catch (RuntimeException e) {
                out.add(new Result(model, null, e));
            }
        }
        return out;
    }

    private Definitions.Saved train(String model, RunData data, Instant now) {
        int version = definitions.latest(Definitions.Kind.MODEL_RUN, model).map(s -> s.version() + 1).orElse(1);
        ObjectNode record = N.objectNode();
        record.put("model", model);
        record.put("version", version);
        record.put("startedAt", now.toString());
        ObjectNode window = record.putObject("dataWindow");
        window.put("purchaseEvent", data.source.event());
        window.put("from", data.first == null ? null : data.first.toString());
        window.put("to", data.today.toString());
        window.put("calibrationEnd", data.today.toString());
        window.put("profiles", data.profiles);
        window.put("customers", data.all.customers());
        window.put("transactions", data.transactions);
        RunOutput out = new RunOutput(values, live, labels, version, now);
        switch (model) {
            case "clv" -> clv(data, version, now, record);
            case "clusters" -> clusters(data, version, now, record);
            case "households" -> {
                window.put("householdEvidence", "traits last_name/surname/name, address, landline/home_phone, phone (fixed lines); "
                        + "identifiers payment_token, device_id");
                HouseholdsRun.run(data, new HouseholdGrouping(HOUSEHOLD_MAX_MEMBERS, region), out, record);
            }
            case "recommendations" -> {
                window.put("interactions", data.interactions.size());
                RecommendationsRun.run(data, ItemToItemSettings.defaults(), out, record);
            }
            default -> {
                window.put("trainingCutoff", data.today.minusDays(PropensityRun.HORIZON_DAYS).toString());
                PropensityRun.run(data, out, record);
            }
        }
        record.put("finishedAt", clock.instant().toString());
        Definitions.Saved saved = definitions.save(Definitions.Kind.MODEL_RUN, model, record, now);
        if (saved.version() != version) {
            throw new KithException(ErrorCode.CONFLICT, "another run of " + model + " was saved meanwhile (version " + saved.version() + ")");
        }
        return saved;
    }

    private void clv(RunData data, int version, Instant now, ObjectNode record) {
        List<CustomerSummary> customers = data.all.summarise(data.today, UNIT);
        long repeat = customers.stream().filter(c -> c.frequency() > 0).count();
        if (repeat < MIN_CUSTOMERS) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "CLV needs at least " + MIN_CUSTOMERS + " customers with a repeat purchase; "
                    + "there are " + repeat + " (of " + customers.size() + " customers)");
        }
        ClvModel model = ClvModel.fit(customers, UNIT);
        List<ClvPrediction> predictions = model.scoreAll(customers, ClvSettings.defaults());
        double[] sorted = predictions.stream().mapToDouble(ClvPrediction::clv).filter(Double::isFinite).sorted().toArray();
        Map<String, List<Computed>> out = new HashMap<>();
        for (int i = 0; i < customers.size(); i++) {
            CustomerSummary c = customers.get(i);
            ClvPrediction p = predictions.get(i);
            String id = c.customerId();
            if (!live.test(id)) {
                continue;
            }
            put(out, id, "p_alive", round(p.probabilityAlive()), version, now);
            put(out, id, "churn_risk", round(p.churnRisk()), version, now);
            put(out, id, "expected_purchases_90d", round(p.purchases90()), version, now);
            put(out, id, "expected_purchases_365d", round(p.purchases365()), version, now);
            put(out, id, "expected_order_value", money(p.expectedOrderValue()), version, now);
            put(out, id, "clv_12m", money(p.clv()), version, now);
            put(out, id, "clv_percentile", percentile(sorted, p.clv()), version, now);
            put(out, id, "repeat_purchases", c.frequency(), version, now);
            put(out, id, "recency_days", Math.round(c.recency() * UNIT.days()), version, now);
            put(out, id, "tenure_days", Math.round(c.age() * UNIT.days()), version, now);
            put(out, id, "repeat_order_value", money(c.monetary()), version, now);
        }
        for (String name : CLV_VALUES) {
            values.replaceAll(Namespace.MODEL, name, out.getOrDefault(name, List.of()));
        }
        ObjectNode params = record.putObject("parameters");
        params.put("modelVersion", model.version().toString());
        params.put("unit", UNIT.label());
        BgNbd b = model.purchases().model();
        GammaGamma g = model.spend().model();
        params.put("r", b.r()).put("alpha", b.alpha()).put("a", b.a()).put("b", b.b());
        params.put("p", g.p()).put("q", g.q()).put("gamma", g.gamma());
        params.put("horizonMonths", ClvSettings.defaults().horizonMonths()).put("monthlyDiscountRate", ClvSettings.defaults().monthlyDiscountRate());
        ObjectNode metrics = record.putObject("metrics");
        metrics.put("bgNbdLogLikelihood", model.purchases().logLikelihood());
        metrics.put("gammaGammaLogLikelihood", model.spend().logLikelihood());
        metrics.put("customers", customers.size());
        metrics.put("repeatCustomers", repeat);
        metrics.put("meanPAlive", predictions.stream().mapToDouble(ClvPrediction::probabilityAlive).average().orElse(0));
        metrics.put("totalClv12m", money(predictions.stream().mapToDouble(ClvPrediction::clv).filter(Double::isFinite).sum()));
        ObjectNode brands = metrics.putObject("brands");
        Map<String, List<Computed>> byBrand = new TreeMap<>();
        data.byBrand.forEach((brand, history) -> {
            ObjectNode o = brands.putObject(brand);
            List<CustomerSummary> bc = history.summarise(data.today, UNIT);
            o.put("customers", bc.size());
            if (bc.size() < MIN_BRAND_CUSTOMERS || bc.stream().filter(c -> c.frequency() > 0).count() < MIN_CUSTOMERS) {
                o.put("fitted", false);
                o.put("why", "fewer than " + MIN_BRAND_CUSTOMERS + " customers: the group-wide fit applies");
                return;
            }
            try {
                ClvModel m = ClvModel.fit(bc, UNIT);
                o.put("fitted", true);
                o.put("modelVersion", m.version().toString());
                o.put("bgNbdLogLikelihood", m.purchases().logLikelihood());
                BgNbd bb = m.purchases().model();
                GammaGamma bg = m.spend().model();
                o.put("r", bb.r()).put("alpha", bb.alpha()).put("a", bb.a()).put("b", bb.b()).put("p", bg.p()).put("q", bg.q()).put("gamma", bg.gamma());
                List<ClvPrediction> scored = m.scoreAll(bc, ClvSettings.defaults());
                o.put("totalClv12m", money(scored.stream().mapToDouble(ClvPrediction::clv).filter(Double::isFinite).sum()));
                String suffix = brandSuffix(brand);
                if (suffix != null) {
                    o.put("values", "churn_risk_" + suffix + ", clv_12m_" + suffix);
                    for (ClvPrediction p : scored) {
                        if (live.test(p.customerId())) {
                            put(byBrand, p.customerId(), "churn_risk_" + suffix, round(p.churnRisk()), version, now);
                            put(byBrand, p.customerId(), "clv_12m_" + suffix, money(p.clv()), version, now);
                        }
                    }
                }
            } catch (RuntimeException e) {
                o.put("fitted", false);
                o.put("why", String.valueOf(e.getMessage()));
            }
        });
        // per-brand values: this run's, and none of the brands no longer fitted
        for (String name : values.names(Namespace.MODEL)) {
            if ((name.startsWith("churn_risk_") || name.startsWith("clv_12m_")) && !byBrand.containsKey(name)) {
                values.replaceAll(Namespace.MODEL, name, List.of());
            }
        }
        byBrand.forEach((name, list) -> values.replaceAll(Namespace.MODEL, name, list));
        labels.accept(new LabelDefinition("churn_risk", LabelFamily.MODEL,
                "From the CLV model's churn risk (1 - P(alive), BG/NBD): high from 0.7, medium from 0.4, low below",
                new LabelRule.Bands(new ProfileValue(Namespace.MODEL, "churn_risk"), false,
                        List.of(band("low", null, "0.4"), band("medium", "0.4", "0.7"), band("high", "0.7", null)))));
        labels.accept(new LabelDefinition("clv_band", LabelFamily.MODEL,
                "From the CLV model's 12-month CLV: top10 = the top 10% of customers, top25 the next 15%, rest the others",
                new LabelRule.Bands(new ProfileValue(Namespace.MODEL, "clv_percentile"), false,
                        List.of(band("rest", null, "75"), band("top25", "75", "90"), band("top10", "90", null)))));
    }

    private void clusters(RunData data, int version, Instant now, ObjectNode record) {
        List<CustomerSummary> customers = data.all.summarise(data.today, UNIT);
        if (customers.size() < 10) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "clusters need at least 10 customers; there are " + customers.size());
        }
        List<FeatureWords> features = List.of(new FeatureWords("days_since_last", "lapsed", "recent"),
                new FeatureWords("purchases", "frequent", "one-off"), new FeatureWords("order_value", "high spend", "low spend"),
                new FeatureWords("tenure_days", "long-standing", "new"));
        double[][] rows = new double[customers.size()][];
        for (int i = 0; i < rows.length; i++) {
            CustomerSummary c = customers.get(i);
            double spend = c.frequency() > 0 ? c.monetary() : 0;
            rows[i] = new double[] {(c.age() - c.recency()) * UNIT.days(), c.frequency() + 1, spend, c.age() * UNIT.days()};
        }
        Clustering clustering = KMeans.defaults().chooseK(rows, features, Math.min(6, Math.max(2, rows.length / 5)));
        List<Computed> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            out.add(new Computed(customers.get(i).customerId(), Namespace.MODEL, "cluster", N.numberNode(clustering.assignment()[i]), version, now));
        }
        values.replaceAll(Namespace.MODEL, "cluster", out.stream().filter(c -> live.test(c.profileId())).toList());
        ObjectNode params = record.putObject("parameters");
        params.put("modelVersion", clustering.version().toString());
        params.put("k", clustering.k());
        ArrayNode names = params.putArray("features");
        features.forEach(f -> names.add(f.feature()));
        ObjectNode metrics = record.putObject("metrics");
        // the mean silhouette of each k tried, from 2 up: k was the highest
        ArrayNode silhouettes = metrics.putArray("silhouetteByK");
        for (double v : clustering.silhouettes()) {
            silhouettes.add(Double.isFinite(v) ? N.numberNode(v) : N.nullNode());
        }
        ArrayNode clusters = metrics.putArray("clusters");
        List<LabelRule.Band> bands = new ArrayList<>();
        for (Cluster c : clustering.clusters()) {
            ObjectNode o = clusters.addObject();
            o.put("index", c.index());
            o.put("size", c.size());
            o.put("description", c.description());
            ObjectNode centroid = o.putObject("centroid");
            for (Contribution f : c.centroid()) {
                centroid.put(f.feature(), f.value());
            }
            bands.add(band(c.description(), String.valueOf(c.index()), String.valueOf(c.index() + 1)));
        }
        labels.accept(new LabelDefinition("cluster", LabelFamily.MODEL,
                "The customer's cluster (k-means on recency, purchases, order value and tenure), described in words", new LabelRule.Bands(
                new ProfileValue(Namespace.MODEL, "cluster"), false, bands)));
    }

    /**
     * Why a person's model values are what they are: for each model whose values the person holds, the run's version and
     * a plain-language explanation (the CLV model's from the person's inputs and the run's parameters; the cluster's
     * description). Empty when no model has scored the person.
     */
    public static List<Explanation> explain(List<Computed> stored, Definitions definitions) {
        Map<String, Computed> model = new HashMap<>();
        for (Computed c : stored) {
            if (c.namespace() == Namespace.MODEL) {
                model.put(c.name(), c);
            }
        }
        List<Explanation> out = new ArrayList<>();
        Computed alive = model.get("p_alive");
        if (alive != null) {
            Optional<Definitions.Saved> run = definitions.version(Definitions.Kind.MODEL_RUN, "clv", alive.version());
            out.add(new Explanation("clv", alive.version(), alive.computedAt(), run.map(r -> clvWhy(model, r.body()))
                    .orElse("the run that computed these values (version " + alive.version() + ") is no longer recorded")));
        }
        Computed cluster = model.get("cluster");
        if (cluster != null) {
            Optional<Definitions.Saved> run = definitions.version(Definitions.Kind.MODEL_RUN, "clusters", cluster.version());
            String why = run.map(r -> {
                for (JsonNode c : r.body().path("metrics").path("clusters")) {
                    if (c.path("index").asInt() == cluster.value().asInt()) {
                        return String.format(Locale.ROOT, "cluster %d of %d (%d customers): %s", c.path("index").asInt(),
                                r.body().path("parameters").path("k").asInt(), c.path("size").asInt(), c.path("description").asText());
                    }
                }
                return "cluster " + cluster.value().asInt();
            }).orElse("the run that computed this cluster (version " + cluster.version() + ") is no longer recorded");
            out.add(new Explanation("clusters", cluster.version(), cluster.computedAt(), why));
        }
        Computed propensity = model.get(PropensityRun.WHY);
        if (propensity != null && propensity.value().isTextual()) {
            out.add(new Explanation("propensity", propensity.version(), propensity.computedAt(), propensity.value().textValue()));
        }
        return out;
    }

    /** The household the last {@code households} run put the person in, from their stored values; empty when none. */
    public static Optional<io.kith.prediction.ModelJobs.HouseholdView> household(List<Computed> stored) {
        return HouseholdsRun.read(stored);
    }

    /**
     * The products recommended to the person: their own list from the last {@code recommendations} run, or else that run's
     * popular products; empty before any run.
     */
    public static Optional<io.kith.prediction.ModelJobs.RecommendationList> recommendations(List<Computed> stored, Definitions definitions) {
        return RecommendationsRun.read(stored, definitions);
    }

    private static String clvWhy(Map<String, Computed> model, JsonNode run) {
        JsonNode p = run.path("parameters");
        try {
            BgNbd b = new BgNbd(p.path("r").asDouble(), p.path("alpha").asDouble(), p.path("a").asDouble(), p.path("b").asDouble());
            GammaGamma g = new GammaGamma(p.path("p").asDouble(), p.path("q").asDouble(), p.path("gamma").asDouble());
            ClvModel m = new ClvModel(new BgNbd.Fit(b, 0, 0), new GammaGamma.Fit(g, 0, 0), UNIT);
            int x = model.get("repeat_purchases").value().asInt();
            double recency = x == 0 ? 0 : UNIT.of(model.get("recency_days").value().asDouble());
            CustomerSummary c = new CustomerSummary("p", x, recency, Math.max(recency, UNIT.of(model.get("tenure_days").value().asDouble())),
                    x == 0 ? 0 : model.get("repeat_order_value").value().asDouble());
            return p.path("modelVersion").asText() + ": " + m.score(c, ClvSettings.defaults()).explanation();
        } catch (RuntimeException e) {
            return "no explanation: " + e.getMessage();
        }
    }

    /** A brand as the end of a value's name ({@code clv_12m_northwind}): lower case, other characters as '_'; null if too long. */
    static String brandSuffix(String brand) {
        String s = brand.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        return io.kith.segment.Names.isName("clv_12m_" + s) ? s : null;
    }

    private static LabelRule.Band band(String label, String from, String to) {
        return new LabelRule.Band(label, from == null ? null : new BigDecimal(from), to == null ? null : new BigDecimal(to));
    }

    /** Adds a value; a value that is not a finite number (Gamma-Gamma's mean when q <= 1) is left out, not written. */
    private static void put(Map<String, List<Computed>> out, String id, String name, double v, int version, Instant now) {
        if (!Double.isFinite(v)) {
            return;
        }
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(new Computed(id, Namespace.MODEL, name, N.numberNode(v), version, now));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double money(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The percentage of customers whose value is below this one (0 to 100, whole). */
    private static double percentile(double[] sorted, double v) {
        if (!Double.isFinite(v) || sorted.length == 0) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.floor(100.0 * lo / sorted.length);
    }
}
