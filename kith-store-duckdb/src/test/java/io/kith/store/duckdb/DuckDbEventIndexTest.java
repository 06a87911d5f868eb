package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.StoredEvent;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
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
 * A read of events by sequence is an index scan on DuckDB (schema version 16), not a scan of the row groups between the
 * lowest and highest sequence asked for; the index outlives the table being emptied and the file being written anew.
 */
class DuckDbEventIndexTest {
    @TempDir
    Path dir;

    @Test
    void eventsAreReadBySequenceThroughTheIndexAfterAClearAndACompactionToo() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.events().apply(events(0, 3_000), List.of(), 3_000);
            assertThat(plan(store)).contains("Index Scan");
            store.events().clear();
            store.events().apply(events(0, 3_000), List.of(), 3_000);
            assertThat(plan(store)).contains("Index Scan");
            assertThat(store.events().bySequences(new long[] {2_999, 5, 10_000, 17})).extracting(StoredEvent::sequence).containsExactly(2_999L, 5L, 17L);
        }
        DuckDbStore.compact(file);
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(plan(store)).contains("Index Scan");
            assertThat(store.events().bySequences(new long[] {42})).extracting(StoredEvent::sequence).containsExactly(42L);
        }
    }

    /** The plan of the event store's read by sequence ({@code JdbcEventStore.bySequences}). */
    private static String plan(DuckDbStore store) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = store.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN ANALYZE SELECT seq, encode(json) FROM events WHERE seq IN (2999, 5, 17)")) {
            while (rs.next()) {
                out.append(rs.getString(2)).append('\n');
            }
        }
        return out.toString();
    }

    private static List<StoredEvent> events(int from, int to) {
        List<StoredEvent> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new StoredEvent(i, Events.track("Order Completed").messageId("m-" + i).userId("user-" + i % 100)
                    .at(Instant.parse("2026-06-01T12:00:00Z").plusSeconds(i)).from(Sources.POS).event()));
        }
        return out;
    }
}
