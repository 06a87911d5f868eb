package io.kith.cli;

import io.kith.derive.Definitions;
import io.kith.model.run.ModelRun;
import io.kith.prediction.ModelJobs;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.SegmentEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that runs the models ({@link ModelRun}) on what Kith holds: every model once a day (see
 * {@link #firstDaily}) and when asked ({@code POST /api/v1/models/run}), one run at a time. Only the process that
 * writes the profiles has one (as it has the {@link SegmentEngine}): once no other run is queued, the labels over the
 * models' values and the segments are computed again (once for all the runs before), and each model reads
 * {@code running} until they are.
 */
final class ModelWorker implements ModelJobs, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWorker.class);
    /** How often every model runs without being asked. */
    static final Duration EVERY = Duration.ofDays(1);
    /** How long after start the models first run: the server's start is not slowed by them. */
    static final Duration FIRST = Duration.ofMinutes(10);
    private static final Duration DERIVED = Duration.ofMinutes(30);

    private final ModelRun run;
    private final Definitions definitions;
    private final ProfileValueStore values;
    private final SegmentEngine engine;
    private final Clock clock;
    private final Set<String> queued = new LinkedHashSet<>();
    private final Map<String, Status> status = new ConcurrentHashMap<>();
    private volatile Instant nextDaily;
    private volatile boolean closed;
    private final Thread thread;

    /** @param daily whether every model runs once a day without being asked ({@link DailyModels#fromEnvironment}) */
    ModelWorker(ModelRun run, Definitions definitions, ProfileValueStore values, SegmentEngine engine, Clock clock, boolean daily) {
        this.run = run;
        this.definitions = definitions;
        this.values = values;
        this.engine = engine;
        this.clock = clock;
        this.nextDaily = daily ? firstDaily(definitions, clock.instant()) : Instant.MAX;
        for (String m : ModelRun.MODELS) {
            status.put(m, new Status("idle", null, null));
        }
        this.thread = Thread.ofPlatform().name("kith-models").daemon().start(this::work);
    }

    /**
     * When the first daily run is due: a day after the oldest last stored run among the models that have one (so a restart
     * does not run every model again; a model whose runs all failed, as CLV does on a young store, has none and does not
     * count), and never before {@link #FIRST} after start (the server's start is not slowed by them); {@link #FIRST} after
     * start when no model ever ran.
     */
    static Instant firstDaily(Definitions definitions, Instant now) {
        Instant due = now.plus(FIRST);
        Instant oldest = null;
        for (String m : ModelRun.MODELS) {
            Optional<Definitions.Saved> last = definitions.latest(Definitions.Kind.MODEL_RUN, m);
            if (last.isPresent() && (oldest == null || last.get().savedAt().isBefore(oldest))) {
                oldest = last.get().savedAt();
            }
        }
        if (oldest == null) {
            return due;
        }
        Instant daily = oldest.plus(EVERY);
        return daily.isAfter(due) ? daily : due;
    }

    /**
     * Saves a model's label definition through the engine (which has everyone's labels computed again) only when it is new
     * or changed: a daily run whose bands did not change costs no extra whole pass.
     */
    static java.util.function.Consumer<io.kith.label.LabelDefinition> labels(SegmentEngine engine, Definitions definitions) {
        return label -> {
            com.fasterxml.jackson.databind.JsonNode body = io.kith.derive.DerivationJson.toJson(label);
            // compared as JSON text: a stored 0.4 reads back as a double, the definition's is a decimal
            boolean same = definitions.latest(Definitions.Kind.LABEL, label.name()).map(d -> d.body().toString().equals(body.toString()))
                    .orElse(false);
            if (!same) {
                engine.saveLabel(label, definitions);
            }
        };
    }

    /** The identifiers of these live profiles, read from the graph at once (households read tokens, devices and phones). */
    static Map<String, List<io.kith.identity.Identifier>> identifiers(io.kith.identity.IdentityProjection identity, java.util.Collection<String> ids) {
        return identity.read(g -> {
            Map<String, List<io.kith.identity.Identifier>> out = new java.util.HashMap<>();
            for (String id : ids) {
                g.profile(id).ifPresent(p -> out.put(id, p.identifiers().stream()
                        .map(i -> new io.kith.identity.Identifier(i.type(), i.value())).toList()));
            }
            return out;
        });
    }

    /** The region landlines without a country code are read in: the sources' one default region, else none ("ZZ"). */
    static String region(List<io.kith.source.Source> sources) {
        List<String> regions = sources.stream().map(io.kith.source.Source::defaultRegion).filter(r -> r != null && !r.isBlank()).distinct().toList();
        return regions.size() == 1 ? regions.getFirst() : "ZZ";
    }

    @Override
    public List<String> models() {
        return ModelRun.MODELS;
    }

    @Override
    public List<String> request(Optional<String> model) {
        List<String> asked = model.map(List::of).orElse(ModelRun.MODELS);
        for (String m : asked) {
            if (!ModelRun.MODELS.contains(m)) {
                throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_ARGUMENT, "no model '" + m + "'; the models are "
                        + String.join(", ", ModelRun.MODELS));
            }
        }
        synchronized (queued) {
            for (String m : asked) {
                if (queued.add(m)) {
                    Status s = status.get(m);
                    if (!s.state().equals("running")) {
                        status.put(m, new Status("queued", s.lastError(), s.lastRunAt()));
                    }
                }
            }
            queued.notifyAll();
        }
        return asked;
    }

    @Override
    public Status status(String model) {
        return status.getOrDefault(model, new Status("idle", null, null));
    }

    @Override
    public List<Explanation> explain(String profileId) {
        return explain(values.of(profileId));
    }

    @Override
    public List<Explanation> explain(List<io.kith.profile.ProfileValueStore.Computed> stored) {
        return ModelRun.explain(stored, definitions);
    }

    @Override
    public Optional<HouseholdView> household(String profileId) {
        return household(values.of(profileId));
    }

    @Override
    public Optional<HouseholdView> household(List<io.kith.profile.ProfileValueStore.Computed> stored) {
        return ModelRun.household(stored);
    }

    @Override
    public Optional<RecommendationList> recommendations(String profileId) {
        return recommendations(values.of(profileId));
    }

    @Override
    public Optional<RecommendationList> recommendations(List<io.kith.profile.ProfileValueStore.Computed> stored) {
        return ModelRun.recommendations(stored, definitions);
    }

    private void work() {
        // models that ran and wait for the labels and segments over their values: computed once when the queue is empty,
        // so a run of every model costs one whole pass of the derived values, not one per model
        Set<String> awaitingLabels = new LinkedHashSet<>();
        while (!closed) {
            List<String> models;
            synchronized (queued) {
                if (queued.isEmpty() && clock.instant().isAfter(nextDaily)) {
                    nextDaily = clock.instant().plus(EVERY);
                    queued.addAll(ModelRun.MODELS);
                }
                if (queued.isEmpty() && awaitingLabels.isEmpty()) {
                    try {
                        queued.wait(2_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                // every model queued now runs on one read of the data (a daily run reads each person's events once)
                models = List.copyOf(queued);
                queued.clear();
                for (String m : models) {
                    Status before = status.get(m);
                    status.put(m, new Status("running", before.lastError(), before.lastRunAt()));
                }
            }
            if (models.isEmpty()) {
                try {
                    recompute(awaitingLabels);
                } catch (InterruptedException e) {
                    return;
                }
                finished(awaitingLabels, null);
                awaitingLabels.clear();
                continue;
            }
            long t0 = System.nanoTime();
            Instant started = clock.instant();
            Map<String, ModelRun.Result> results = new java.util.HashMap<>();
            try {
                for (ModelRun.Result r : run.run(models, () -> closed)) {
                    results.put(r.model(), r);
                }
            } catch (RuntimeException | Error e) {
                // the read itself failed (an Error too: the thread lives on, and no model is left "running" for ever)
                RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
                for (String m : models) {
                    results.put(m, new ModelRun.Result(m, null, failure));
                }
            }
            if (models.containsAll(ModelRun.MODELS) && results.values().stream().allMatch(r -> r.failure() == null)) {
                // every model just ran (asked or daily): the next daily run is a day from now, as after a restart
                Instant next = started.plus(EVERY);
                nextDaily = next.isAfter(nextDaily) ? next : nextDaily;
            }
            for (String model : models) {
                ModelRun.Result r = results.getOrDefault(model, new ModelRun.Result(model, null, new IllegalStateException("the run gave no result")));
                if (r.failure() == null) {
                    LOG.info("model run model={} version={} models={} millis={}", model, r.saved().version(), models.size(),
                            (System.nanoTime() - t0) / 1_000_000);
                    // no label or segment reads a recommendation
                    if (!model.equals("recommendations")) {
                        awaitingLabels.add(model);
                        continue;
                    }
                    finished(List.of(model), null);
                } else {
                    RuntimeException e = r.failure();
                    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    LOG.warn("model run failed model={} reason=\"{}\"", model, error);
                    LOG.debug("model run failure", e);
                    awaitingLabels.remove(model);
                    finished(List.of(model), error);
                }
            }
        }
    }

    /** The labels over the models' values, then the segments that read them. */
    private void recompute(Set<String> models) throws InterruptedException {
        engine.recomputeNow();
        if (!engine.awaitIdle(DERIVED)) {
            LOG.warn("the labels and segments over models {} were not computed within {}", models, DERIVED);
        }
    }

    private void finished(java.util.Collection<String> models, String error) {
        synchronized (queued) {
            for (String m : models) {
                status.put(m, new Status(queued.contains(m) ? "queued" : "idle", error, clock.instant()));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        // No interrupt: one during a read of the store or the log would close channels under other readers.
        synchronized (queued) {
            queued.notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
