package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.segment.Condition;
import io.kith.segment.Limits;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentStore;
import io.kith.segment.lang.SegmentParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds of {@link Limits} are what DuckDB evaluates: a definition at each bound runs and gives the exact answer
 * (its numbers are compared as {@code DECIMAL(38, 10)}); and a definition stored before the bounds, which no longer
 * reads, is left out without taking the other segments down.
 */
class DuckDbSegmentLimitsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Condition parse(String text) {
        return SegmentParser.parse(text).orThrow();
    }

    @Test
    void definitionsAtEveryBoundRunAndCompareExactly() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        DuckDbStore.open(file).close();
        // stored values DuckDB's JSON reader keeps exactly (it reads a fraction with more digits than a double holds as a
        // double: 9999999999999999999999999999.9999999999 becomes 1e28); the literals are at the bounds
        String[][] values = {{"p_1", "9999999999999999999999999999"}, {"p_2", "0.0000000001"}, {"p_3", "5"},
            {"p_4", "-9999999999999999999999999999"}};
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            for (String[] v : values) {
                s.execute("INSERT INTO profiles VALUES ('" + v[0] + "', TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ "
                        + "'2026-01-01 00:00:00+00', 0, '{}', ['src_crm'], ['northwind'], [])");
                s.execute("INSERT INTO profile_values VALUES ('" + v[0] + "', 'computed', 'revenue_lifetime', '" + v[1] + "', 1, "
                        + "TIMESTAMPTZ '2026-01-01 00:00:00+00')");
            }
        }
        try (DuckDbStore store = DuckDbStore.open(file, Clock.systemUTC())) {
            var q = store.segmentQueries();
            assertThat(q.members(parse("computed revenue_lifetime > 9999999999999999999999999998.9999999999"), NOW).profileIds())
                    .containsExactly("p_1");
            assertThat(q.members(parse("computed revenue_lifetime >= 9999999999999999999999999999.0000000001"), NOW).profileIds())
                    .isEmpty();
            assertThat(q.members(parse("computed revenue_lifetime = 9999999999999999999999999999"), NOW).profileIds())
                    .containsExactly("p_1");
            assertThat(q.members(parse("computed revenue_lifetime < -9999999999999999999999999998.9999999999"), NOW).profileIds())
                    .containsExactly("p_4");
            assertThat(q.members(parse("computed revenue_lifetime > 0 and computed revenue_lifetime < 0.0000000002"), NOW)
                    .profileIds()).containsExactly("p_2");
            assertThat(q.members(parse("computed revenue_lifetime in [0.0000000001, 1e27, 5]"), NOW).profileIds())
                    .containsExactly("p_2", "p_3");
            // 31 nots around a comparison: a condition at the depth bound (odd: the opposite of the comparison)
            assertThat(q.members(parse("not ".repeat(Limits.MAX_DEPTH - 1) + "computed revenue_lifetime = 5"), NOW).profileIds())
                    .containsExactly("p_1", "p_2", "p_4");
            // windows of the longest duration: no events at all, so no one performed and everyone counts 0
            assertThat(q.members(parse("performed any event within " + Limits.MAX_DAYS + " days"), NOW).profileIds()).isEmpty();
            assertThat(q.members(parse("count(any event, between 1 and " + Limits.MAX_DAYS + " days ago) = 0 and "
                    + "profile.first_seen within last " + Limits.MAX_DAYS + " days"), NOW).profileIds())
                    .containsExactly("p_1", "p_2", "p_3", "p_4");
        }
    }

    @Test
    void aStoredDefinitionThatNoLongerReadsIsLeftOutAndTheOthersStillRead() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (DuckDbStore store = DuckDbStore.open(file, Clock.systemUTC())) {
            SegmentStore s = store.segments();
            s.save(new SegmentDefinition("emails", "Emails", "", parse("has identifier email")), t);
            s.save(new SegmentDefinition("deep", "Deep", "", parse("has identifier email")), t);
            s.save(new SegmentDefinition("huge", "Huge", "", parse("computed revenue_lifetime > 1")), t);
        }
        // as a version before the bounds would have stored them: 900 nested nots, and a number DuckDB cannot compare
        String deep = "{\"condition\":".repeat(899) + "{\"identifierType\":\"email\",\"type\":\"identifier\"}"
                + ",\"type\":\"not\"}".repeat(899);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("UPDATE segments SET definition = '" + deep + "' WHERE key = 'deep'");
            st.execute("UPDATE segments SET definition = '{\"name\":\"revenue_lifetime\",\"namespace\":\"computed\",\"op\":\"gt\","
                    + "\"type\":\"value\",\"value\":1e999}' WHERE key = 'huge'");
        }
        try (DuckDbStore store = DuckDbStore.open(file, Clock.systemUTC())) {
            SegmentStore s = store.segments();
            assertThat(s.all()).extracting(SegmentStore.SavedSegment::key).containsExactly("emails");
            assertThat(s.latest("emails")).isPresent();
            assertThat(s.latest("deep")).isEmpty();
            assertThat(s.versions("huge")).isEmpty();

            SegmentStore.SavedSegment again = s.save(new SegmentDefinition("deep", "Deep", "", parse("not has identifier email")), t);
            assertThat(again.version()).isEqualTo(2);
            assertThat(s.latest("deep")).contains(again);
            assertThat(s.versions("deep")).containsExactly(again);
            assertThat(s.all()).extracting(SegmentStore.SavedSegment::key).containsExactly("deep", "emails");
        }
    }
}
