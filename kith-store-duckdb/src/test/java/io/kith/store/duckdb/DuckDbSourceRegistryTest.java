package io.kith.store.duckdb;

import io.kith.source.SourceRegistry;
import io.kith.testkit.contract.SourceRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSourceRegistryTest extends SourceRegistryContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected SourceRegistry newRegistry() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.sources();
    }

    @Override
    protected SourceRegistry reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.sources();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
