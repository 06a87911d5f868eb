package io.kith.store.duckdb;

import io.kith.access.ApiKeyRegistry;
import io.kith.testkit.contract.ApiKeyRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbApiKeyRegistryTest extends ApiKeyRegistryContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected ApiKeyRegistry newRegistry() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.apiKeys();
    }

    @Override
    protected ApiKeyRegistry reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.apiKeys();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
