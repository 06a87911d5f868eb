package io.kith.store.duckdb;

import io.kith.identity.OverridesStore;
import io.kith.testkit.contract.OverridesStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbOverridesStoreTest extends OverridesStoreContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected OverridesStore newStore() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.overrides();
    }

    @Override
    protected OverridesStore reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.overrides();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
