package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.segment.Condition;
import io.kith.segment.lang.SegmentParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment's string equality compares the stored JSON's bytes with {@code "value"} first and parses only what could
 * still be the string written another way: stored values written with an escape or with white space around them are
 * equal too (Kith writes neither, another writer of the table might), and nothing else is.
 */
class DuckDbStringEqualityTest {
    @TempDir
    Path dir;

    private static Condition parse(String text) {
        return SegmentParser.parse(text).orThrow();
    }

    @Test
    void aStringWrittenAnotherWayIsStillEqualAndNothingElseIs() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        DuckDbStore.open(file).close();
        String[][] values = {{"p_1", "\"gold\""}, {"p_2", "\"g\\u006fld\""}, {"p_3", " \"gold\"\n"}, {"p_4", "\"golden\""}, {"p_5", "\"silver\""},
                {"p_6", "7"}, {"p_7", "\"gold\\\\\""}, {"p_8", "[\"gold\"]"}};
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("INSERT INTO profile_traits VALUES (?, 'plan', ?, 'src_crm', TIMESTAMPTZ '2026-01-01 00:00:00+00', 0, 1)")) {
            for (String[] v : values) {
                s.execute("INSERT INTO profiles VALUES ('" + v[0] + "', TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ '2026-01-01 00:00:00+00', 0, '{}', "
                        + "['src_crm'], ['northwind'], [])");
                ps.setString(1, v[0]);
                ps.setString(2, v[1]);
                ps.execute();
            }
        }
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        try (DuckDbStore store = DuckDbStore.open(file, Clock.systemUTC())) {
            assertThat(store.segmentQueries().members(parse("trait plan = \"gold\""), now).profileIds()).containsExactly("p_1", "p_2", "p_3");
            assertThat(store.segmentQueries().members(parse("trait plan != \"gold\""), now).profileIds()).containsExactly("p_4", "p_5", "p_7");
            assertThat(store.segmentQueries().members(parse("trait plan in [\"silver\", \"gold\"]"), now).profileIds())
                    .containsExactly("p_1", "p_2", "p_3", "p_5");
            assertThat(store.segmentQueries().members(parse("trait plan contains \"gold\""), now).profileIds())
                    .containsExactly("p_1", "p_2", "p_3", "p_4", "p_7", "p_8");
        }
    }
}
