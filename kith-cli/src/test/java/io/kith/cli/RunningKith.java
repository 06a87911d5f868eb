package io.kith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.StoredEvent;
import io.kith.source.Source;
import io.kith.testkit.Sources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Kith (file log, store, projector, HTTP server on an ephemeral port) in a temporary directory, on the store
 * {@link TestStores} picks: DuckDB, or PostgreSQL in the build's second integration-test run.
 */
final class RunningKith implements AutoCloseable {
    static final String ADMIN_KEY = "ak_test_admin_key_0123456789";
    static final List<Source> SOURCES = List.of(Sources.WEB_SHOP, Sources.APP, Sources.POS, Sources.CRM, Sources.CALL_CENTRE);

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final KithApp app;
    final HttpClient http = HttpClient.newHttpClient();

    RunningKith() throws IOException {
        this(Files.createTempDirectory("kith-it"));
    }

    /** A Kith whose data directory holds these identity rules ({@code identity.json}, merged with the defaults). */
    static RunningKith withIdentityRules(String json) throws IOException {
        Path dir = Files.createTempDirectory("kith-it");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("identity.json"), json);
        return new RunningKith(dir);
    }

    /** Wraps an app a test started itself; closing this closes the app. */
    RunningKith(KithApp app) {
        this.dir = app.settings().dataDir();
        this.app = app;
    }

    RunningKith(Path dir) throws IOException {
        this(dir, TestStores.newStore());
    }

    /** A Kith on the given store ({@code --store}; null for DuckDB in the data directory). */
    RunningKith(Path dir, String store) throws IOException {
        this(dir, store, EdgeSettings.DEFAULTS);
    }

    /** A Kith with these CORS origins, rate limit and disk floor. */
    RunningKith(EdgeSettings edge) throws IOException {
        this(Files.createTempDirectory("kith-it"), TestStores.newStore(), edge);
    }

    RunningKith(Path dir, String store, EdgeSettings edge) throws IOException {
        this.dir = dir;
        Path sources = dir.resolve("sources.json");
        StringBuilder json = new StringBuilder("{\"sources\":[");
        for (int i = 0; i < SOURCES.size(); i++) {
            Source s = SOURCES.get(i);
            json.append(i == 0 ? "" : ",").append(String.format(
                    "{\"id\":\"%s\",\"name\":\"%s\",\"brand\":\"%s\",\"kind\":\"%s\",\"defaultRegion\":\"%s\",\"writeKey\":\"%s\"}",
                    s.id(), s.name(), s.brand(), s.kind().wireName(), s.defaultRegion(), s.writeKey()));
        }
        Files.writeString(sources, json.append("]}").toString());
        // Servers sharing a store must share the privacy key (KITH_PRIVACY_KEY in production): every test server has this one.
        Path key = dir.resolve("data").resolve("privacy.key");
        if (!Files.exists(key)) {
            Files.createDirectories(key.getParent());
            Files.writeString(key, "5a".repeat(32) + "\n");
        }
        app = KithApp.start(new KithApp.Settings(dir.resolve("data"), "127.0.0.1", 0, ADMIN_KEY, sources,
                io.kith.event.IngestLimits.SEGMENT, 256L << 20, store, edge));
    }

    /** The {@code Authorization} header of HTTP Basic authentication with a write key (empty password), as SDKs send it. */
    static String basic(String writeKey) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((writeKey + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).GET();
    }

    /**
     * Follows the rebuild an accepted identity override answered with ({@code 202} and its {@code Location}) until it is
     * done or failed, and returns it.
     */
    JsonNode awaitRebuild(HttpResponse<String> accepted) throws IOException, InterruptedException {
        if (accepted.statusCode() != 202) {
            throw new AssertionError("expected 202 Accepted, got " + accepted.statusCode() + ": " + accepted.body());
        }
        String location = accepted.headers().firstValue("Location").orElseThrow(() -> new AssertionError("202 without a Location"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rebuild = JSON.readTree(send(get(location).header("Authorization", "Bearer " + ADMIN_KEY)).body());
            String status = rebuild.path("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return rebuild;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the rebuild at " + location + " did not finish within 60 s");
    }

    /**
     * Waits until every record now in the log is projected and identity has resolved every stored event, then returns
     * every stored event in the store's order.
     */
    List<StoredEvent> storedEvents() throws InterruptedException {
        long end = app.log().endSequence();
        if (!app.projector().awaitApplied(end, Duration.ofSeconds(20))) {
            throw new AssertionError("projection did not reach log sequence " + end);
        }
        app.identity().catchUp(app.store().events());
        List<StoredEvent> all = new ArrayList<>();
        long next = 0;
        for (List<StoredEvent> page; !(page = app.store().events().scan(next, 10_000)).isEmpty(); next = page.get(page.size() - 1).sequence() + 1) {
            all.addAll(page);
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        try {
            app.close();
        } catch (RuntimeException alreadyClosed) {
            // a test may have closed it to restart
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Whether any file under {@code dir} holds {@code text} in its bytes (read as ISO-8859-1, so any byte sequence is
     * found as written). A server may be rewriting the directory meanwhile (a log segment's copy appears and is renamed
     * away): a file gone between listing and reading is passed over, it held nothing any more.
     */
    static boolean anyFileHolds(Path dir, String text) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                return anyFileHolds(dir, text); // listed while a file went away: list again
            }
            throw e;
        }
        for (Path p : files) {
            try {
                if (new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // renamed or deleted since it was listed
            }
        }
        return false;
    }

    /** A check that may need a moment to hold (what follows the log on other threads). */
    interface Check {
        void run() throws Exception;
    }

    /** Retries the check until it holds, or fails with its last failure after {@code seconds}. */
    static void eventually(int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(25);
            }
        }
    }
}
