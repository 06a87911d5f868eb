package io.kith.store.duckdb;

import io.kith.identity.IdentityRulesStore;
import io.kith.testkit.contract.IdentityRulesStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbRulesStoreTest extends IdentityRulesStoreContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected IdentityRulesStore newStore() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.rules();
    }

    @Override
    protected IdentityRulesStore reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.rules();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
