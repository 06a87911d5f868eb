package io.kith.bench;

import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.store.duckdb.DuckDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store's write alone, as the ceiling the derived path is compared with in the same run: events already
 * decoded and de-duplicated, written by the store's own {@code apply} in the projector's batches into a fresh DuckDB file
 * (the same schema, index and settings), with nothing else running. What the store writer of {@code bench rebuild} costs
 * beyond this is the sharing of two cores with the projector, the JIT compiler and what follows identity.
 */
final class StoreWriteCeiling {
    private static final int BATCH = 10_000;

    private StoreWriteCeiling() {
    }

    /** Up to {@code max} stored events of {@code store}, in the projector's batches, read into memory. */
    static List<List<StoredEvent>> read(EventStore store, int max) {
        List<List<StoredEvent>> batches = new ArrayList<>();
        long from = 0;
        int n = 0;
        while (n < max) {
            List<StoredEvent> page = store.scan(from, Math.min(BATCH, max - n));
            if (page.isEmpty()) {
                break;
            }
            batches.add(page);
            n += page.size();
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return batches;
    }

    /** Writes the batches into a fresh store at {@code file} (deleted after) and prints what it took. */
    static void measure(List<List<StoredEvent>> batches, Path file) throws java.io.IOException {
        long events = batches.stream().mapToLong(List::size).sum();
        ThreadCpu cpu0 = ThreadCpu.now();
        long t0 = System.nanoTime();
        try (DuckDbStore scratch = DuckDbStore.open(file)) {
            EventStore s = scratch.events();
            for (List<StoredEvent> b : batches) {
                s.apply(b, List.of(), b.get(b.size() - 1).sequence() + 1);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("the store's write alone, the ceiling (the first %,d of these events written again by DuckDbEventStore.apply into a "
                + "fresh file, batches of %,d, nothing else running): %.1f s = %,.0f events/s%n", events, BATCH, wall, events / wall);
        System.out.println("  where the CPU went, by thread: " + ThreadCpu.now().since(cpu0, wall));
        try (var files = Files.list(file.getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(file.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
