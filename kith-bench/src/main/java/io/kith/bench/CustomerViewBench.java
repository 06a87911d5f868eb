package io.kith.bench;

import io.kith.event.EventStore;
import io.kith.store.Store;
import io.kith.store.duckdb.DuckDbStore;
import io.kith.store.postgres.PostgresStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kith bench customer-view}: the event store reads of the console's customer view (issue #15) for random
 * profiles, without the pipeline: N profiles and M events generated in the engine with SQL ({@code events} with a
 * ~500-byte JSON each, {@code event_profiles}: event i belongs to profile i mod N, so a profile's events lie all over
 * the table, as a customer's visits over months do). Per view, a profile's sequences are known (the identity graph holds
 * them): the first three linked its identifiers, the newest make its timeline.
 * <ul>
 * <li>old reads: the identifiers' events, then the newest 200 for the timeline (two {@code bySequences}, as before);</li>
 * <li>new reads: the identifiers' events and the newest 25 (a timeline page) in one {@code bySequences};</li>
 * <li>API timeline: the newest 50 ({@code GET /api/v1/profiles/{id}/events}).</li>
 * </ul>
 * On DuckDB each is timed without the index on {@code events.seq} (dropped for the run: the store before schema version
 * 16) and with it, on the same file in the same run.
 */
@Command(name = "customer-view", description = "The customer view's event reads for random profiles, before and after the index on events.seq.")
final class CustomerViewBench implements Callable<Integer> {
    @Option(names = "--people", defaultValue = "100000")
    int people;

    @Option(names = "--events", defaultValue = "8000000")
    long events;

    @Option(names = "--views", defaultValue = "300", description = "Timed views of each kind with the index (after a tenth as many unmeasured).")
    int views;

    @Option(names = "--views-without-index", defaultValue = "50",
            description = "Timed views of each kind without the index on DuckDB (each reads most of the table: about a second at 8 M events).")
    int viewsWithoutIndex;

    @Option(names = "--store", description = "embedded-postgres for PostgreSQL 17 started here, instead of the embedded DuckDB store.")
    String store;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kith-bench-customer-view");
        boolean pg = store != null;
        String location = pg ? BenchStore.location(store, dir) : null;
        Path file = dir.resolve("kith.duckdb");
        (pg ? PostgresStore.open(location, "bench") : DuckDbStore.open(file)).close();
        long t0 = System.nanoTime();
        try (Connection c = pg ? SegmentBench.pgConnection(location) : DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            for (String sql : pg ? postgresData() : duckdbData()) {
                s.execute(sql);
            }
        }
        System.out.printf(Locale.ROOT, "generated %,d profiles and %,d events in %.1f s (%s)%n", people, events, (System.nanoTime() - t0) / 1e9,
                pg ? "PostgreSQL" : "DuckDB");
        if (pg) {
            try (Store s = PostgresStore.open(location, "bench")) {
                time("PostgreSQL (primary key on seq)", s.events(), views);
            }
            return 0;
        }
        execute(file, "DROP INDEX events_seq");
        try (Store s = DuckDbStore.open(file)) { // the first open fills the key column (as for SegmentBench's rows)
            time("DuckDB without the index on seq", s.events(), viewsWithoutIndex);
        }
        long ti = System.nanoTime();
        execute(file, "CREATE INDEX events_seq ON events (seq)");
        System.out.printf(Locale.ROOT, "index on events.seq built in %.1f s%n", (System.nanoTime() - ti) / 1e9);
        try (Store s = DuckDbStore.open(file)) {
            time("DuckDB with the index on seq (schema 16)", s.events(), views);
        }
        return 0;
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute(sql);
            s.execute("CHECKPOINT");
        }
    }

    private void time(String what, EventStore store, int views) {
        Map<String, IntConsumer> reads = new LinkedHashMap<>();
        reads.put("customer view, old reads (3 + 200)", p -> {
            store.bySequences(linking(p));
            store.bySequences(newest(p, 200));
        });
        reads.put("customer view, new read (3 + 25)", p -> store.bySequences(LongStream.concat(Arrays.stream(linking(p)), Arrays.stream(newest(p, 25))).toArray()));
        reads.put("API timeline (50)", p -> store.bySequences(newest(p, 50)));
        System.out.println(what + ":");
        for (Map.Entry<String, IntConsumer> read : reads.entrySet()) {
            SplittableRandom random = new SplittableRandom(15);
            for (int i = 0; i < views / 10; i++) {
                read.getValue().accept(random.nextInt(people));
            }
            double[] ms = new double[views];
            for (int i = 0; i < views; i++) {
                int p = random.nextInt(people);
                long t = System.nanoTime();
                read.getValue().accept(p);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "  %-38s %d views: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", read.getKey(), views,
                    ms[views / 2], ms[(int) Math.ceil(views * 0.99) - 1], ms[views - 1]);
        }
    }

    /** The sequences of profile p's first three events: those that linked its identifiers. */
    private long[] linking(int p) {
        return LongStream.range(0, 3).map(i -> p + i * people).filter(s -> s < events).toArray();
    }

    /** The sequences of profile p's newest {@code count} events, newest first. */
    private long[] newest(int p, int count) {
        long last = p + (events - 1 - p) / people * people;
        return LongStream.range(0, count).map(i -> last - i * people).filter(s -> s >= 0).toArray();
    }

    /** Event i: one of four names, a time spread over two years, a JSON of ~500 bytes (properties and context). */
    private List<String> duckdbData() {
        String ts = "TIMESTAMPTZ '2026-06-01 12:00:00+00' - to_seconds((hash(i) % 63072000)::BIGINT)";
        List<String> out = new ArrayList<>();
        out.add("INSERT INTO events SELECT i, 'm' || i, 'track', 'src_web', 'northwind', 'u' || (i % " + people + "), 'a' || (i % " + people + "), "
                + name() + ", " + ts + ", " + ts + ", " + json("hash(i * 31) % 7900", "hash(i) % 5000", "hash(i * 7) % 100000") + ", NULL FROM range(" + events + ") t(i)");
        out.add("INSERT INTO event_profiles SELECT i, 'p_' || (i % " + people + ") FROM range(" + events + ") t(i)");
        out.add("CHECKPOINT");
        return out;
    }

    private List<String> postgresData() {
        String ts = "TIMESTAMPTZ '2026-06-01 12:00:00+00' - make_interval(secs => (abs(hashint8(i)) % 63072000))";
        List<String> out = new ArrayList<>();
        out.add("INSERT INTO events SELECT i, 'm' || i, 'track', 'src_web', 'northwind', 'u' || (i % " + people + "), 'a' || (i % " + people + "), "
                + name() + ", " + ts + ", " + ts + ", (" + json("abs(hashint8(i * 31)) % 7900", "abs(hashint8(i)) % 5000", "abs(hashint8(i * 7)) % 100000")
                + ")::json FROM generate_series(0, " + (events - 1) + ") i");
        out.add("INSERT INTO event_profiles SELECT i, 'p_' || (i % " + people + ") FROM generate_series(0, " + (events - 1) + ") i");
        out.add("UPDATE event_sequence SET next = " + events); // scans read below the committed counter
        out.add("ANALYZE");
        return out;
    }

    private static String name() {
        return "CASE i % 4 WHEN 0 THEN 'Order Completed' WHEN 1 THEN 'Product Viewed' WHEN 2 THEN 'Product Added' ELSE 'Page Viewed' END";
    }

    private String json(String cents, String sku, String page) {
        return "'{\"type\":\"track\",\"messageId\":\"m' || i || '\",\"event\":\"' || (" + name() + ") || '\",\"userId\":\"u' || (i % " + people
                + ") || '\",\"anonymousId\":\"a' || (i % " + people + ") || '\",\"sourceId\":\"src_web\",\"brand\":\"northwind\",\"timestamp\":\"2026-05-01T12:00:00Z\",\"receivedAt\":\"2026-05-01T12:00:01Z\",\"properties\":{\"revenue\":' || "
                + "(100 + " + cents + ") / 100.0 || ',\"product_id\":\"sku-' || " + sku + " || '\",\"url\":\"https://shop.example/p/' || " + page
                + " || '\"},\"context\":{\"ip\":\"10.0.' || i % 250 || '.' || i % 199 || '\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/' || i % 130 || '.0\"}}'";
    }
}
