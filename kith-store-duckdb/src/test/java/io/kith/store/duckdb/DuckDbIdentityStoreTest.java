package io.kith.store.duckdb;

import io.kith.identity.IdentityStore;
import io.kith.testkit.contract.IdentityStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbIdentityStoreTest extends IdentityStoreContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected IdentityStore newStore() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.identity();
    }

    @Override
    protected IdentityStore reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.identity();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
