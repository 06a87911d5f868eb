package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * De-duplication by (source, messageId) on DuckDB is exact: events whose 64-bit keys collide are all kept, retries of
 * each are dropped, before and after a restart, whatever state the saved key filter is in.
 */
class DuckDbDeduplicationTest {
    /** Every event gets the same key: each "maybe" must be settled by the ids themselves. */
    private static final DuckDbEventStore.KeyHash COLLIDING = (source, message) -> 42L;

    @TempDir
    Path dir;

    private static StoredEvent event(long seq, String messageId) {
        return new StoredEvent(seq, Events.track("Order Completed").messageId(messageId).userId("u-" + messageId)
                .from(Sources.POS).event());
    }

    private static List<String> messageIds(EventStore s) {
        return s.scan(0, 1_000).stream().map(e -> e.event().messageId()).toList();
    }

    @Test
    void keepsDistinctEventsWhoseKeysCollideAndDropsTheirRetries() {
        Path file = dir.resolve("kith.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file, Clock.systemUTC(), COLLIDING)) {
            EventStore s = store.events();
            // In one batch: two distinct ids with the same key, and a retry of the first.
            assertThat(s.apply(List.of(event(0, "a"), event(1, "b"), event(2, "a")), List.of(), 3))
                    .extracting(e -> e.event().messageId()).containsExactly("a", "b");
            // Across batches: retries of both, and a third distinct id with the same key.
            assertThat(s.apply(List.of(event(3, "b"), event(4, "c"), event(5, "a")), List.of(), 6))
                    .extracting(e -> e.event().messageId()).containsExactly("c");
            assertThat(messageIds(s)).containsExactly("a", "b", "c");
        }
        try (DuckDbStore store = DuckDbStore.open(file, Clock.systemUTC(), COLLIDING)) {
            assertThat(store.events().apply(List.of(event(6, "c"), event(7, "d"), event(8, "a")), List.of(), 9))
                    .extracting(e -> e.event().messageId()).as("after a restart").containsExactly("d");
        }
    }

    @Test
    void aFilterThatNoLongerDescribesTheTableIsNotTaken() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.events().apply(List.of(event(0, "a")), List.of(), 1);
        }
        Path keys = dir.resolve("kith.duckdb.keys");
        assertThat(keys).as("written at a clean close").exists();
        byte[] describesOneRow = Files.readAllBytes(keys);
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(keys).as("taken at open, so a crash cannot leave it behind").doesNotExist();
            store.events().apply(List.of(event(1, "b")), List.of(), 2);
        }
        // A stale filter (made when only "a" was stored) put back beside the table: taking it would let "b" in again.
        Files.write(keys, describesOneRow);
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(store.events().apply(List.of(event(2, "b"), event(3, "a")), List.of(), 4)).isEmpty();
        }
        Files.writeString(keys, "damaged");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(store.events().apply(List.of(event(4, "b"), event(5, "e")), List.of(), 6))
                    .extracting(e -> e.event().messageId()).containsExactly("e");
        }
    }

    @Test
    void rowsWithoutAKeyGetOneAtOpen() throws Exception {
        Path file = dir.resolve("kith.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.events().apply(List.of(event(0, "a"), event(1, "b")), List.of(), 2);
        }
        // As rows written before the key column existed (or by a benchmark's SQL).
        Files.deleteIfExists(dir.resolve("kith.duckdb.keys"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("UPDATE events SET key_hash = NULL");
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(store.events().apply(List.of(event(2, "a"), event(3, "c"), event(4, "b")), List.of(), 5))
                    .extracting(e -> e.event().messageId()).containsExactly("c");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM events WHERE key_hash IS NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void theFilterGrowsWithTheTableAndForgetsNothing() {
        Path file = dir.resolve("kith.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            EventStore s = store.events();
            long seq = 0;
            // Past the smallest filter's capacity (16,384 keys), so it doubles at least once.
            for (int batch = 0; batch < 5; batch++) {
                List<StoredEvent> events = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    events.add(event(seq, "m-" + seq));
                    seq++;
                }
                s.apply(events, List.of(), seq);
            }
            List<StoredEvent> retries = new ArrayList<>();
            for (long i = 0; i < seq; i += 97) {
                retries.add(event(seq + i, "m-" + i));
            }
            assertThat(s.apply(retries, List.of(), 2 * seq)).isEmpty();
            assertThat(s.countEvents()).isEqualTo(25_000);
        }
    }
}
