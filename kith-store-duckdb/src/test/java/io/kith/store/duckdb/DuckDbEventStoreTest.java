package io.kith.store.duckdb;

import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.testkit.contract.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbEventStoreTest extends EventStoreContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected EventStore newEventStore() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.events();
    }

    @Override
    protected QuarantineStore quarantine() {
        return store.quarantine();
    }

    @Override
    protected EventStore reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.events();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
