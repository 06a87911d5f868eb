package io.kith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.LogRecordCodec;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.log.FileEventLog;
import io.kith.projection.Projector;
import io.kith.store.Store;
import java.nio.file.Path;

/**
 * Identity resolution run from a data directory without a server: brings the events table up to the end of the
 * log, then resolves every stored event from scratch. The CLI's {@code identity} and {@code profiles} commands
 * use it (Kith must not be serving the same directory).
 */
final class OfflineIdentity implements AutoCloseable {
    final Store store;
    final FileEventLog log;
    final IdentityProjection identity;
    final long replayed;
    final long projectedMillis;
    final long rebuildMillis;

    OfflineIdentity(Path data, String storeLocation) {
        log = FileEventLog.open(data.resolve("log"));
        store = Stores.open(storeLocation, data);
        long t0 = System.nanoTime();
        try (Projector p = new Projector(log, store.events(), new LogRecordCodec(new ObjectMapper()), 10_000)) {
            p.runOnce();
        }
        projectedMillis = (System.nanoTime() - t0) / 1_000_000;
        identity = new IdentityProjection(KithApp.rules(data, store), io.kith.identity.IdentityOverrides.NONE,
                IdentityGraph.SourceInfo.of(store.sources()), a -> { });
        long t1 = System.nanoTime();
        replayed = identity.rebuild(store.events(), OverridesFile.moveIntoStore(data, store).overrides());
        rebuildMillis = (System.nanoTime() - t1) / 1_000_000;
    }

    @Override
    public void close() {
        store.close();
        log.close();
    }
}
