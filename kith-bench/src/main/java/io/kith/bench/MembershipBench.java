package io.kith.bench;

import io.kith.cli.KithApp;
import io.kith.identity.Identifier;
import io.kith.segment.Condition;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentEngine;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Event-to-membership latency: with {@code --segments} live segments (event windows, counts, traits, sequences) and the
 * default computed traits and labels, while a background load posts events at {@code --rate}, a probe posts an event that
 * puts a new person into the segment {@code probe-buyers} and measures the time from the 200 answer until the engine
 * records the entry (its membership feed), with the projector, identity and the profile writer running as in production.
 */
@Command(name = "membership", mixinStandardHelpOptions = true, description = "Acknowledged event to segment entry latency under load.")
final class MembershipBench implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "5000", description = "Background load in events/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--segments", defaultValue = "50")
    int segments;

    @Option(names = "--seconds", defaultValue = "30")
    int seconds;

    @Option(names = "--probe-millis", defaultValue = "100")
    int probeMillis;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    /** The background segments: every kind of condition the language has, over the load's events. */
    private static final String[] KINDS = {
        "count(\"Order Completed\", within %d days) >= %d",
        "performed \"Product Viewed\" within %d days then \"Order Completed\" within %d days",
        "performed \"Product Added\" within %d days then not \"Order Completed\"",
        "sum(properties.revenue of \"Order Completed\", within %d days) > %d",
        "has identifier email and count(any event, within %d days) >= %d",
    };

    @Override
    public Integer call() throws Exception {
        String key = BackgroundLoad.WRITE_KEY;
        Path dir = Files.createTempDirectory("kith-membership");
        List<byte[]> bodies = Payloads.batches(200, 100, key, 3);
        try (KithApp app = BackgroundLoad.startKith(dir, store)) {
            SegmentEngine engine = app.segments().orElseThrow();
            engine.save(new SegmentDefinition("probe-buyers", "Probe buyers", "", parse("performed \"Probe Bought\"")));
            for (int i = 1; i < segments; i++) {
                String text = KINDS[i % KINDS.length].formatted(1 + i % 30, 1 + i % 3);
                engine.save(new SegmentDefinition("bench-" + i, "Bench " + i, "", parse(text)));
            }
            Map<String, Long> entered = new ConcurrentHashMap<>();
            engine.subscribe(changes -> {
                long t = System.nanoTime();
                for (var c : changes) {
                    if (c.entered() && c.segmentKey().equals("probe-buyers")) {
                        entered.putIfAbsent(c.profileId(), t);
                    }
                }
            });
            engine.awaitIdle(Duration.ofMinutes(2));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI batch = URI.create("http://127.0.0.1:" + app.port() + "/v1/batch");
            BackgroundLoad load = new BackgroundLoad(http, batch, bodies, rate, 2);
            Thread.sleep(3_000);
            Histogram latency = new Histogram(3);
            long t0 = System.nanoTime();
            long sentBefore = load.sent();
            int probes = 0;
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                String anon = "probe-" + probes;
                String body = "{\"type\":\"track\",\"event\":\"Probe Bought\",\"anonymousId\":\"" + anon + "\",\"writeKey\":\"" + key + "\"}";
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/track"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                long acked = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("probe answered " + r.statusCode());
                }
                Identifier id = new Identifier("anonymous_id", anon);
                Long at = null;
                while (at == null) {
                    String profile = app.identity().read(g -> g.lookup(id)).orElse(null);
                    at = profile == null ? null : entered.get(profile);
                    if (at == null) {
                        LockSupport.parkNanos(200_000);
                        if (System.nanoTime() - acked > 60_000_000_000L) {
                            throw new IllegalStateException("probe " + probes + " not in its segment after 60 s");
                        }
                    }
                }
                latency.recordValue(Math.max(1, (at - acked) / 1_000));
                probes++;
                LockSupport.parkNanos(probeMillis * 1_000_000L);
            }
            double loadRate = (load.sent() - sentBefore) / ((System.nanoTime() - t0) / 1e9);
            load.close();
            System.out.printf("store %s; %d live segments, %d computed traits and labels; background load %,.0f events/s (target %,d); %d probes: "
                            + "acknowledged -> segment entry recorded p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", app.store().describe(), segments,
                    app.store().definitions().all(io.kith.derive.Definitions.Kind.COMPUTED_TRAIT).size()
                            + app.store().definitions().all(io.kith.derive.Definitions.Kind.LABEL).size(),
                    loadRate, rate, probes, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0);
        }
        return 0;
    }

    private static Condition parse(String text) {
        return switch (SegmentParser.parse(text)) {
            case ParseResult.Parsed p -> p.condition();
            case ParseResult.Failed f -> throw new IllegalStateException(text + ": " + f.diagnostics());
        };
    }
}
