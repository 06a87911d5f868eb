package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.EventParser;
import io.kith.event.ParseOutcome;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.identity.IdentitySnapshot;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.store.Store;
import io.kith.store.duckdb.DuckDbStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The identity part of a start, alone, at sizes where filling a whole server through its derived path takes too long
 * on a loaded machine: {@code events} synthetic events (the generator of {@code bench rebuild}) are put straight into
 * a DuckDB store, then each run times what a start does to put identity in force — a rebuild from every stored event
 * (as without a snapshot) against loading the snapshot written from that graph (as with one) — and the snapshot's
 * writing (what a clean shutdown adds).
 */
final class GraphStartup {
    private final int events;
    private final int people;
    private final Path dir;
    private final int runs;

    GraphStartup(long events, int people, Path dir, int runs) {
        this.events = Math.toIntExact(events);
        this.people = people;
        this.dir = dir;
        this.runs = runs;
    }

    int run() throws Exception {
        Path base = dir != null ? dir : Files.createTempDirectory("kith-graph-startup");
        Files.createDirectories(base);
        Path snapshot = base.resolve("identity.snapshot");
        try (Store store = DuckDbStore.open(base.resolve("kith.duckdb"))) {
            fill(store);
            System.out.printf("store %s: %,d events; load average %s%n", base, store.events().countEvents(), ServerStartup.loadAverage());
            for (int run = 1; run <= runs; run++) {
                long t0 = System.nanoTime();
                IdentityProjection rebuilt = projection();
                rebuilt.rebuild(store.events(), IdentityOverrides.NONE, 0);
                long rebuild = (System.nanoTime() - t0) / 1_000_000;
                long profiles = rebuilt.read(IdentityGraph::profileCount);
                long t1 = System.nanoTime();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(snapshot), 1 << 16)) {
                    rebuilt.writeSnapshot(store.events(), out);
                }
                long write = (System.nanoTime() - t1) / 1_000_000;
                rebuilt = null;
                System.gc();
                long t2 = System.nanoTime();
                IdentityProjection loaded = projection();
                IdentitySnapshot.Outcome outcome;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(snapshot), 1 << 16)) {
                    outcome = loaded.restore(in, Files.size(snapshot), store.events(), IdentityOverrides.NONE, 0);
                }
                long load = (System.nanoTime() - t2) / 1_000_000;
                if (!(outcome instanceof IdentitySnapshot.Outcome.Loaded) || loaded.read(IdentityGraph::profileCount) != profiles) {
                    throw new IllegalStateException("the snapshot was not loaded: " + outcome);
                }
                System.out.printf("run %d: identity rebuilt from every event %,d ms | snapshot written %,d ms (%,d MB) | loaded from it %,d ms; "
                                + "%,d profiles; load average %s%n", run, rebuild, write, Files.size(snapshot) >> 20, load, profiles,
                        ServerStartup.loadAverage());
                loaded = null;
                System.gc();
            }
        }
        return 0;
    }

    private static IdentityProjection projection() {
        return new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE, id -> new IdentityGraph.SourceInfo("GB", "web"), a -> { });
    }

    /** Puts the synthetic events straight into the store (no log, no projector), unless it holds them. */
    private void fill(Store store) {
        long have = store.events().lastSequence() + 1;
        if (have >= events) {
            return;
        }
        Source web = new Source("src_web", "Web", "bench", SourceKind.WEB, "GB", "wk_bench_web");
        ObjectMapper mapper = new ObjectMapper();
        EventParser parser = new EventParser();
        SplittableRandom r = new SplittableRandom(7);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long t0 = System.nanoTime();
        List<StoredEvent> chunk = new ArrayList<>(20_000);
        for (int i = 0; i < events; i++) {
            Instant at = start.plusMillis(i * 250L);
            ParseOutcome o = parser.parse(RebuildBench.event(mapper, r, i, at, people), null, web, at, "$");
            if (i >= have) {
                chunk.add(new StoredEvent(i, ((ParseOutcome.Accepted) o).event()));
            }
            if (chunk.size() == 20_000 || i == events - 1 && !chunk.isEmpty()) {
                store.events().restore(chunk, List.of(), i + 1L);
                chunk = new ArrayList<>(20_000);
            }
        }
        System.out.printf("stored %,d events of %,d people in %.1f s%n", events - have, people, (System.nanoTime() - t0) / 1e9);
    }
}
