package io.kith.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.cli.KithApp;
import io.kith.event.EventParser;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.log.FileEventLog;
import io.kith.source.Source;
import io.kith.source.SourceKind;
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
import java.util.SplittableRandom;

/**
 * The models as the server runs them ({@code bench models --in-server}): writes a log of {@code customers} synthetic
 * customers (orders of products in a year, product views, an identify with a surname and an address; one in five lives
 * with another, one in ten shares a card with another), starts Kith on it (DuckDB, or {@code --store}), waits until the
 * profiles and derived values are written, then asks for each model's run through the API and times it from the request
 * until the model is idle again (the run itself, its writes, and the labels and segments computed again after it), and
 * prints the run's own time (started to finished) and its metrics; last, every model in one request (as the daily schedule
 * runs them) until all are idle.
 */
final class ModelsInServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "ak_bench_admin_key_0000000000";
    private static final List<String> MODELS = List.of("clv", "clusters", "households", "recommendations", "propensity");
    private final HttpClient http = HttpClient.newHttpClient();

    void run(int customers, int products, String store) throws Exception {
        Path dir = Files.createTempDirectory("kith-models-bench");
        Path data = dir.resolve("data");
        Path sources = dir.resolve("sources.json");
        Files.writeString(sources, "{\"sources\":[{\"id\":\"src_web\",\"name\":\"Web\",\"brand\":\"bench\",\"kind\":\"web\","
                + "\"defaultRegion\":\"GB\",\"writeKey\":\"wk_bench_web\"}]}");
        long events = writeLog(data.resolve("log"), customers, products);
        System.out.printf("bench directory %s (delete it when done); %d cores, max heap %,d MB%n", dir, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        KithApp.Settings settings = new KithApp.Settings(data, "127.0.0.1", 0, ADMIN, sources, IngestLimits.SEGMENT, 256L << 20,
                BenchStore.location(store, dir));
        long t0 = System.nanoTime();
        try (KithApp app = KithApp.start(settings)) {
            if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofHours(1))) {
                throw new IllegalStateException("projection did not reach the end of the log");
            }
            app.awaitProfilesWritten(Duration.ofHours(1));
            app.segments().orElseThrow().awaitIdle(Duration.ofHours(1));
            System.out.printf("store ready in %.1f s: %,d events, %,d profiles%n", (System.nanoTime() - t0) / 1e9, events,
                    app.identity().read(io.kith.identity.IdentityGraph::profileCount));
            for (String model : MODELS) {
                String before = state(app, model).path("lastRunAt").asText("");
                long t1 = System.nanoTime();
                call(app, "POST", "/api/v1/models/run?model=" + model);
                JsonNode m = state(app, model);
                while (!(m.path("state").asText().equals("idle") && !m.path("lastRunAt").asText("").equals(before))) {
                    Thread.sleep(200);
                    m = state(app, model);
                }
                double total = (System.nanoTime() - t1) / 1e9;
                if (!m.path("lastError").isNull()) {
                    System.out.printf("%s failed after %.1f s: %s%n", model, total, m.path("lastError").asText());
                    continue;
                }
                JsonNode run = m.path("runs").get(0).path("run");
                double own = Duration.between(Instant.parse(run.path("startedAt").asText()), Instant.parse(run.path("finishedAt").asText())).toMillis() / 1e3;
                System.out.printf("%s: %.1f s from request to idle (run %.1f s: read, fit, score, write); window %s; metrics %s%n", model, total, own,
                        run.path("dataWindow"), run.path("metrics").toString().substring(0, Math.min(600, run.path("metrics").toString().length())));
            }
            // every model in one request, as the daily schedule runs them: the labels and segments computed once at the end
            java.util.Map<String, String> before = new java.util.HashMap<>();
            for (String model : MODELS) {
                before.put(model, state(app, model).path("lastRunAt").asText(""));
            }
            long t2 = System.nanoTime();
            call(app, "POST", "/api/v1/models/run");
            for (String model : MODELS) {
                JsonNode m = state(app, model);
                while (!(m.path("state").asText().equals("idle") && !m.path("lastRunAt").asText("").equals(before.get(model)))) {
                    Thread.sleep(200);
                    m = state(app, model);
                }
            }
            System.out.printf("every model in one request: %.1f s from request to idle%n", (System.nanoTime() - t2) / 1e9);
        }
    }

    private JsonNode state(KithApp app, String model) throws Exception {
        for (JsonNode m : JSON.readTree(call(app, "GET", "/api/v1/models")).path("models")) {
            if (m.path("name").asText().equals(model)) {
                return m;
            }
        }
        throw new IllegalStateException("no model " + model);
    }

    private String call(KithApp app, String method, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + ADMIN).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " was answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Writes the customers' events into a fresh log, parsed as the collection API parses them; answers how many. */
    static long writeLog(Path logDir, int customers, int products) throws java.io.IOException {
        Source web = new Source("src_web", "Web", "bench", SourceKind.WEB, "GB", "wk_bench_web");
        LogRecordCodec codec = new LogRecordCodec(JSON);
        EventParser parser = new EventParser();
        SplittableRandom r = new SplittableRandom(17);
        Instant now = Instant.now();
        int categories = Math.max(1, products / 50);
        int perCategory = Math.max(1, products / categories);
        long written = 0;
        long t0 = System.nanoTime();
        try (FileEventLog log = FileEventLog.open(logDir)) {
            List<byte[]> chunk = new ArrayList<>(10_000);
            for (int c = 0; c < customers; c++) {
                List<ObjectNode> mine = new ArrayList<>();
                ObjectNode id = JSON.createObjectNode().put("type", "identify").put("userId", "u" + c);
                boolean pair = c % 5 < 2;
                ObjectNode traits = id.putObject("traits").put("last_name", pair ? "Pair" + c / 5 : "Single" + c);
                traits.put("address", pair ? (c / 5) + " Elm Road, Leeds LS1 4AB" : c + " Oak Street, York YO1 7HH");
                id.put("timestamp", now.minus(Duration.ofDays(400)).toString());
                mine.add(id);
                int category = r.nextInt(categories);
                int orders = 1 + (int) (-Math.log(1 - r.nextDouble()) * 4);
                double firstDay = 10 + r.nextDouble() * 390;
                // one in three stopped buying some time ago
                double stopped = r.nextInt(3) == 0 ? r.nextDouble() * (firstDay - 5) : 0;
                for (int o = 0; o < orders; o++) {
                    double day = stopped + (firstDay - stopped) * (1 - (double) o / orders) + r.nextDouble() * 3;
                    ObjectNode e = JSON.createObjectNode().put("type", "track").put("userId", "u" + c).put("event", "Order Completed");
                    e.put("timestamp", now.minus(Duration.ofMinutes((long) (day * 1440))).toString());
                    ObjectNode props = e.putObject("properties").put("order_id", "o" + c + "-" + o).put("revenue", 10 + r.nextInt(90));
                    if (c % 10 == 2 || c % 10 == 3) {
                        props.put("payment_token", "tok_bench_" + c / 10);
                    }
                    var list = props.putArray("products");
                    for (int k = 0; k < 1 + r.nextInt(2); k++) {
                        int cat = r.nextInt(10) == 0 ? r.nextInt(categories) : category;
                        double u = r.nextDouble();
                        list.addObject().put("product_id", "p" + Math.min(products - 1, cat * perCategory + (int) (u * u * perCategory)));
                    }
                    mine.add(e);
                    if (r.nextBoolean()) {
                        double uv = r.nextDouble();
                        ObjectNode v = JSON.createObjectNode().put("type", "track").put("userId", "u" + c).put("event", "Product Viewed");
                        v.put("timestamp", now.minus(Duration.ofMinutes((long) (day * 1440) + 30)).toString());
                        v.putObject("properties").put("product_id", "p" + Math.min(products - 1, category * perCategory + (int) (uv * uv * perCategory)));
                        mine.add(v);
                    }
                }
                for (ObjectNode e : mine) {
                    e.put("messageId", "mb-" + written);
                    ParseOutcome outcome = parser.parse(e, null, web, now, "$");
                    chunk.add(codec.encode(new LogRecord.Accepted(((ParseOutcome.Accepted) outcome).event())));
                    written++;
                    if (chunk.size() == 10_000) {
                        log.append(chunk);
                        chunk = new ArrayList<>(10_000);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                log.append(chunk);
            }
        }
        System.out.printf("wrote %,d events of %,d customers to the log in %.1f s%n", written, customers, (System.nanoTime() - t0) / 1e9);
        return written;
    }
}
