package io.kith.bench;

import io.kith.cli.KithApp;
import io.kith.event.IngestLimits;
import io.kith.identity.IdentityGraph;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole server's start, timed from outside: a new JVM runs {@code kith serve} on a data directory of {@code events}
 * synthetic events (the generator of {@code bench rebuild}), and the time runs from starting the process to its first
 * HTTP answer — the server answers only once identity is in force, so that is "serving, identity ready". Each run starts
 * it twice: from the identity snapshot the last clean shutdown saved, and with the snapshot deleted (identity rebuilt
 * from every stored event, as every start did before snapshots); each start is shut down cleanly, which saves the
 * snapshot the next run loads. The first run fills the directory (log, store, profile rows), unless it holds one.
 */
final class ServerStartup {
    private static final String SNAPSHOT = "identity.snapshot";

    private final int events;
    private final int people;
    private final Path dir;
    private final int runs;
    private final String heap;
    private final String store;

    ServerStartup(long events, int people, Path dir, int runs, String heap, String store) {
        this.events = Math.toIntExact(events);
        this.people = people;
        this.dir = dir;
        this.runs = runs;
        this.heap = heap;
        this.store = store;
    }

    int run() throws Exception {
        Path base = dir != null ? dir : Files.createTempDirectory("kith-startup");
        Path data = base.resolve("data");
        Path sources = base.resolve("sources.json");
        if (!Files.isDirectory(data.resolve("log"))) {
            Files.writeString(sources, "{\"sources\":[{\"id\":\"src_web\",\"name\":\"Web\",\"brand\":\"bench\",\"kind\":\"web\","
                    + "\"defaultRegion\":\"GB\",\"writeKey\":\"wk_bench_web\"}]}");
            RebuildBench.writeLog(data.resolve("log"), events, people);
            fill(data, sources);
            System.gc(); // give the filling server's heap back before the started ones take theirs
        } else {
            System.out.printf("using the data directory of an earlier run: %s%n", data);
        }
        System.out.printf("bench directory %s (kept: --dir %s times the starts again); load average before: %s%n", base, base, loadAverage());
        for (int run = 1; run <= runs; run++) {
            Start with = start(data, sources, base.resolve("serve-" + run + "-snapshot.log"));
            Files.deleteIfExists(data.resolve(SNAPSHOT));
            Start without = start(data, sources, base.resolve("serve-" + run + "-rebuild.log"));
            System.out.printf("run %d: from the snapshot %,d ms (%s) | from every event %,d ms (%s) | load average %s%n", run, with.millis(),
                    with.identity(), without.millis(), without.identity(), loadAverage());
        }
        return 0;
    }

    /** Projects the log into the store, identity and the profile rows; the clean shutdown saves the first snapshot. */
    private void fill(Path data, Path sources) throws Exception {
        KithApp.Settings settings = new KithApp.Settings(data, "127.0.0.1", 0, "ak_bench_admin_key_0000000000", sources,
                IngestLimits.SEGMENT, 256L << 20, store);
        long t0 = System.nanoTime();
        try (KithApp app = KithApp.start(settings)) {
            if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofHours(2))) {
                throw new IllegalStateException("projection did not reach the end of the log");
            }
            if (app.store().shared()) {
                app.identity().catchUp(app.store().events());
            }
            app.awaitProfilesWritten(Duration.ofHours(1));
            System.out.printf("projected %,d events (store, identity, profile rows) in %.1f s: %,d profiles, %,d identifiers%n", events,
                    (System.nanoTime() - t0) / 1e9, app.identity().read(IdentityGraph::profileCount), app.identity().read(IdentityGraph::identifierCount));
            long t1 = System.nanoTime();
            app.close();
            System.out.printf("clean shutdown, saving the identity snapshot: %.1f s (%,d MB)%n", (System.nanoTime() - t1) / 1e9,
                    Files.size(data.resolve(SNAPSHOT)) >> 20);
        }
    }

    /** One start's time to its first HTTP answer, and what its log said of identity. */
    record Start(long millis, String identity) {
    }

    private Start start(Path data, Path sources, Path output) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap, "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), "io.kith.cli.Main", "serve", "--data", data.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--sources", sources.toString()));
        if (store != null) {
            command.add("--store");
            command.add(store);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = t0 + TimeUnit.MINUTES.toNanos(30);
            while (true) {
                try {
                    http.send(health, HttpResponse.BodyHandlers.discarding());
                    break;
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the server exited with " + p.exitValue() + "; see " + output);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the server did not answer within 30 minutes; see " + output);
                    }
                    Thread.sleep(10);
                }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new Start(millis, identityLine(output));
        } finally {
            p.destroy(); // SIGTERM: a clean shutdown, which saves the snapshot
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
    }

    /** The server's own line about how identity started, shortened. */
    private static String identityLine(Path output) throws IOException {
        for (String line : Files.readAllLines(output)) {
            int at = line.indexOf("msg=\"identity loaded");
            if (at < 0) {
                at = line.indexOf("msg=\"identity rebuilt");
            }
            if (at >= 0) {
                return line.substring(at + 5, line.length() - (line.endsWith("\"") ? 1 : 0));
            }
        }
        return "no identity line";
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
