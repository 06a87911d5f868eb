package io.kith.bench;

import io.kith.cli.KithApp;
import io.kith.identity.Identifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Event-to-updated-profile latency: while a background load posts 100-event batches at a fixed rate, a probe posts an
 * identify with a new email every {@code --probe-millis} and measures the time from the 200 answer until a lookup of
 * that email finds its profile (the in-memory identity the profile API reads), with the projector and identity
 * resolution running behind the log as in production.
 */
@Command(name = "freshness", mixinStandardHelpOptions = true, description = "Acknowledged event to updated profile latency under load.")
final class FreshnessBench implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "25000", description = "Background load in events/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20")
    int seconds;

    @Option(names = "--probe-millis", defaultValue = "50")
    int probeMillis;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    @Override
    public Integer call() throws Exception {
        String key = BackgroundLoad.WRITE_KEY;
        Path dir = Files.createTempDirectory("kith-freshness");
        List<byte[]> bodies = Payloads.batches(200, 100, key, 3);
        try (KithApp app = BackgroundLoad.startKith(dir, store)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI batch = URI.create("http://127.0.0.1:" + app.port() + "/v1/batch");
            BackgroundLoad load = new BackgroundLoad(http, batch, bodies, rate, 4);
            Thread.sleep(3_000);
            Histogram latency = new Histogram(3);
            long t0 = System.nanoTime();
            long sentBefore = load.sent();
            int probes = 0;
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                String email = "probe" + probes + "@freshness.example";
                String body = "{\"type\":\"identify\",\"anonymousId\":\"probe-" + probes + "\",\"traits\":{\"email\":\"" + email
                        + "\"},\"writeKey\":\"" + key + "\"}";
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/identify"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                long acked = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("probe answered " + r.statusCode());
                }
                Identifier id = new Identifier("email", email);
                while (app.identity().read(g -> g.lookup(id)).isEmpty()) {
                    LockSupport.parkNanos(200_000);
                    if (System.nanoTime() - acked > 30_000_000_000L) {
                        throw new IllegalStateException("probe " + probes + " not visible after 30 s");
                    }
                }
                latency.recordValue((System.nanoTime() - acked) / 1_000);
                probes++;
                LockSupport.parkNanos(probeMillis * 1_000_000L);
            }
            double loadRate = (load.sent() - sentBefore) / ((System.nanoTime() - t0) / 1e9);
            load.close();
            System.out.printf("store %s; background load %,.0f events/s (target %,d); %d probes: acknowledged -> profile updated p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms; projection lag at the end %,d records%n", app.store().describe(), loadRate, rate, probes,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0,
                    app.log().endSequence() - app.projector().appliedSequence());
        }
        return 0;
    }
}
