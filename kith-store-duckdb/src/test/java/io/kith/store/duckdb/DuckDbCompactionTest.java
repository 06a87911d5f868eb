package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.error.ErrorCode;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import io.kith.privacy.PersonalData;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erased rows leave no bytes behind in DuckDB's file (the privacy contract itself runs in {@link DuckDbContractsTest}). */
class DuckDbCompactionTest {
    @TempDir
    Path dir;

    /**
     * The measured reason for the compaction: a deleted row's bytes stay in DuckDB's file after DELETE and CHECKPOINT; the
     * file written anew at the next open holds none, and the store works on as before (sequences, views, every table).
     */
    @Test
    void aPurgedStoreIsWrittenAnewAtItsNextOpenWithoutTheDeletedBytes() throws Exception {
        Path file = dir.resolve("compact.duckdb");
        String marker = "ada.marker.4711@example.com";
        try (DuckDbStore store = DuckDbStore.open(file)) {
            List<StoredEvent> events = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                events.add(new StoredEvent(i, Events.track("Order Completed").messageId("m-" + i).userId(i == 7 ? marker : "user-" + i)
                        .at(Instant.parse("2026-06-01T12:00:00Z").plusSeconds(i)).from(Sources.POS).event()));
            }
            store.events().apply(events, List.of(new QuarantinedEvent("q1", Sources.POS.id(), Instant.parse("2026-06-01T12:00:00Z"),
                    new Rejection(ErrorCode.INVALID_EVENT, "$", "bad"), "{\"email\":\"" + marker + "\"}")), 2_000);
            store.personalData().purge(new PersonalData.Purge(new long[] {7}, Set.of(), Set.of(marker)));
            store.personalData().reclaim();
            assertThat(store.events().bySequence(7)).isEmpty();
        }
        assertThat(DuckDbStore.compactionFlag(file)).exists();
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(DuckDbStore.compactionFlag(file)).doesNotExist();
            assertThat(store.events().countEvents()).isEqualTo(1_999);
            assertThat(store.events().bySequence(8)).isPresent();
            // the quarantine's own sequence goes on past what it held
            store.events().apply(List.of(), List.of(new QuarantinedEvent("q2", Sources.POS.id(), Instant.parse("2026-06-01T12:00:00Z"),
                    new Rejection(ErrorCode.INVALID_EVENT, "$", "bad"), "{}")), 2_001);
            assertThat(store.quarantine().list(null, null, 10)).extracting(QuarantinedEvent::id).containsExactly("q2");
            assertThat(store.identity().assignedEvents()).isZero(); // the event_people view is there
        }
        assertThat(filesHolding(marker)).isEmpty();
    }

    private List<Path> filesHolding(String text) throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("compact")).toList()) {
                if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(text)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
