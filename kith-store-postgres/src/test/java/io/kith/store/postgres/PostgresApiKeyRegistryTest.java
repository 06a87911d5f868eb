package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import io.kith.access.ApiKeyRegistry;
import io.kith.testkit.contract.ApiKeyRegistryContract;
import org.junit.jupiter.api.AfterEach;

class PostgresApiKeyRegistryTest extends ApiKeyRegistryContract {
    private String url;
    private PostgresStore store;

    @Override
    protected ApiKeyRegistry newRegistry() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.apiKeys();
    }

    @Override
    protected ApiKeyRegistry reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.apiKeys();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
