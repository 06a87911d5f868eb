package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer view's reads of one profile (its computed values, its segments, its segment history) are index scans on
 * DuckDB (schema version 17), not scans of tables that grow with every profile; the indexes outlive a compaction.
 */
class DuckDbProfileReadIndexTest {
    private static final List<String> READS = List.of(
            "SELECT namespace, name, value FROM profile_values WHERE profile_id = 'p_42'",
            "SELECT segment_key FROM segment_members WHERE profile_id = 'p_42'",
            "SELECT segment_key, entered FROM segment_history WHERE profile_id = 'p_42'");

    @TempDir
    Path dir;

    @Test
    void aProfilesValuesSegmentsAndHistoryAreReadThroughAnIndexAfterACompactionToo() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            List<Computed> values = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                values.add(new Computed("p_" + i, Namespace.LABEL, "tier", IntNode.valueOf(i % 3), 1, Instant.parse("2026-06-01T00:00:00Z")));
            }
            store.values().put(values);
            try (Connection c = store.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO segment_members SELECT 'vip', 'p_' || i, TIMESTAMPTZ '2026-06-01 00:00:00+00' FROM range(3000) t(i)");
                s.execute("INSERT INTO segment_history SELECT 'vip', 1, 'p_' || i, true, TIMESTAMPTZ '2026-06-01 00:00:00+00', i, 'evaluated' FROM range(3000) t(i)");
            }
            for (String read : READS) {
                assertThat(plan(store, read)).as(read).contains("Index Scan");
            }
            assertThat(store.values().of("p_42")).extracting(Computed::value).containsExactly(IntNode.valueOf(0));
        }
        DuckDbStore.compact(file);
        try (DuckDbStore store = DuckDbStore.open(file)) {
            for (String read : READS) {
                assertThat(plan(store, read)).as(read).contains("Index Scan");
            }
            assertThat(store.values().of("p_43")).extracting(Computed::value).containsExactly(IntNode.valueOf(1));
        }
    }

    private static String plan(DuckDbStore store, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = store.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
            while (rs.next()) {
                out.append(rs.getString(2)).append('\n');
            }
        }
        return out.toString();
    }
}
