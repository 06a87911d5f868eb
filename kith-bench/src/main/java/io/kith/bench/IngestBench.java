package io.kith.bench;

import io.kith.cli.EdgeSettings;
import io.kith.cli.KithApp;
import io.kith.event.IngestLimits;
import io.kith.ingest.RateLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives {@code POST /v1/batch} over real HTTP with concurrent keep-alive clients against the parse-and-append
 * reference and against Kith (durable group-committed log; projection running or not), in the same run on the same
 * machine. After one unmeasured run of each (the JIT compiles what both share), the two are measured in four phases,
 * reference, Kith, Kith, reference, each on a fresh server and directory that is deleted after it: a machine whose
 * speed drifts during the run (a shared one does) then weighs on both alike, and neither starts with the other's
 * gigabytes of log in the page cache. The figures add up both phases of each.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "HTTP ingestion: Kith against a parse-and-append reference.")
final class IngestBench implements Callable<Integer> {
    @Option(names = "--connections", defaultValue = "32")
    int connections;

    @Option(names = "--batch", defaultValue = "100", description = "Events per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", defaultValue = "15", description = "Seconds measured per server, in two phases (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds of load before each phase is measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--without-projection",
            description = "Stop the projector (events table) during the load, to measure the acknowledged path alone.")
    boolean withoutProjection;

    @Override
    public Integer call() throws Exception {
        String key = "wk_bench_0123456789";
        List<byte[]> bodies = Payloads.batches(200, batch, key, 1);
        double bytesPerEvent = bodies.stream().mapToLong(b -> b.length).average().orElse(0) / batch;
        System.out.printf("load: %d connections, %d events per request (%.0f bytes per event), %d s per server in two phases (reference, Kith, Kith, reference, after one unmeasured run of each), each after %d s of warm-up, %d cores%n",
                connections, batch, bytesPerEvent, seconds, warmup, Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("kith-bench");
        try {
            return run(bodies, key, dir);
        } finally {
            deleteTree(dir); // a run writes gigabytes of log
        }
    }

    private int run(List<byte[]> bodies, String key, Path dir) throws Exception {
        Path sources = dir.resolve("sources.json");
        Files.writeString(sources, "{\"sources\":[{\"id\":\"src_bench\",\"name\":\"Bench\",\"brand\":\"bench\",\"kind\":\"web\",\"writeKey\":\"" + key + "\"}]}");
        Duration phase = Duration.ofMillis(seconds * 500L);
        HttpLoad.Result ref = null;
        HttpLoad.Result kith = null;
        long lag = 0;
        // First each server once unmeasured, so that the JIT has compiled what both share (Jetty, Jackson) before either
        // is measured; then reference, Kith, Kith, reference.
        boolean[] phases = {true, false, true, false, false, true};
        for (int k = 0; k < phases.length; k++) {
            boolean isReference = phases[k];
            boolean measured = k >= 2;
            Path phaseDir = dir.resolve("phase-" + k);
            Files.createDirectories(phaseDir);
            HttpLoad.Result r;
            if (isReference) {
                try (ReferenceServer server = new ReferenceServer(phaseDir)) {
                    r = HttpLoad.run(server.port(), "/v1/batch", null, bodies, batch, connections, Duration.ofSeconds(warmup), phase);
                }
                if (measured) {
                    ref = ref == null ? r : ref.plus(r);
                }
            } else {
                try (KithApp app = KithApp.start(new KithApp.Settings(phaseDir.resolve("data"), "127.0.0.1", 0, "ak_bench_admin_key_000000", sources,
                        IngestLimits.SEGMENT, 256L << 20).withEdge(EdgeSettings.DEFAULTS.withRateLimit(RateLimit.OFF)))) {
                    if (withoutProjection) {
                        app.projector().close();
                    }
                    r = HttpLoad.run(app.port(), "/v1/batch", null, bodies, batch, connections, Duration.ofSeconds(warmup), phase);
                    if (measured) {
                        lag += app.log().endSequence() - app.projector().appliedSequence();
                    }
                }
                if (measured) {
                    kith = kith == null ? r : kith.plus(r);
                }
            }
            System.out.printf("  %s %s: %,.0f events/s, %.2f us CPU per event%n", measured ? "phase " + (k - 1) + "," : "warm-up,",
                    isReference ? "reference" : "kith", r.eventsPerSecond(), r.cpuMicrosPerEvent());
            deleteTree(phaseDir);
        }
        System.out.println("reference (Jetty + Jackson parse + grouped-fsync append): " + ref.summary());
        System.out.println("kith (auth, validation, quarantine, durable log" + (withoutProjection ? ", projection stopped" : ", projection running") + "): " + kith.summary());
        System.out.printf("kith / reference = %.0f%%; projection lag at the end of Kith's phases: %,d events%n",
                100.0 * kith.eventsPerSecond() / ref.eventsPerSecond(), lag);
        if (ref.cpuNanos() > 0 && kith.cpuNanos() > 0) {
            System.out.printf("CPU per event, reference / kith = %.0f%% (the rate ratio a machine to itself would give; steadier on a busy one)%n",
                    100.0 * ref.cpuMicrosPerEvent() / kith.cpuMicrosPerEvent());
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
