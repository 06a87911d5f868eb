package io.kith.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady load of 100-event batches posted at a fixed rate by a few sender threads, behind a latency probe: what the
 * freshness and membership benches measure under.
 */
final class BackgroundLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder sent = new LongAdder();
    private final List<Thread> senders = new ArrayList<>();

    /**
     * @param rate    events per second, over all senders
     * @param threads sender threads, each posting every {@code threads}-th body in turn
     */
    BackgroundLoad(HttpClient http, URI batch, List<byte[]> bodies, int rate, int threads) {
        long intervalNanos = (long) (1e9 * 100 * threads / rate);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            senders.add(Thread.ofPlatform().daemon().start(() -> {
                long next = System.nanoTime();
                for (int i = offset; running.get(); i += threads) {
                    try {
                        http.send(HttpRequest.newBuilder(batch).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build(), HttpResponse.BodyHandlers.discarding());
                        sent.add(100);
                    } catch (Exception e) {
                        return;
                    }
                    next += intervalNanos;
                    LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                }
            }));
        }
    }

    /** The write key of the one source {@link #startKith} registers. */
    static final String WRITE_KEY = "wk_bench_0123456789";

    /**
     * Kith in {@code dir} with one web source ({@link #WRITE_KEY}) and no rate limit, on the bench's {@code --store}: what
     * a load is sent to.
     */
    static io.kith.cli.KithApp startKith(java.nio.file.Path dir, String store) throws java.io.IOException {
        java.nio.file.Path sources = dir.resolve("sources.json");
        java.nio.file.Files.writeString(sources, "{\"sources\":[{\"id\":\"src_bench\",\"name\":\"Bench\",\"brand\":\"bench\",\"kind\":\"web\","
                + "\"defaultRegion\":\"GB\",\"writeKey\":\"" + WRITE_KEY + "\"}]}");
        return io.kith.cli.KithApp.start(new io.kith.cli.KithApp.Settings(dir.resolve("data"), "127.0.0.1", 0, "ak_bench_admin_key_000000",
                sources, io.kith.event.IngestLimits.SEGMENT, 256L << 20, BenchStore.location(store, dir))
                .withEdge(io.kith.cli.EdgeSettings.DEFAULTS.withRateLimit(io.kith.ingest.RateLimit.OFF)));
    }

    /** Events sent so far. */
    long sent() {
        return sent.sum();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : senders) {
            t.join(5_000);
        }
    }
}
