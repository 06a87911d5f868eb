package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import io.kith.source.SourceRegistry;
import io.kith.testkit.contract.SourceRegistryContract;
import org.junit.jupiter.api.AfterEach;

class PostgresSourceRegistryTest extends SourceRegistryContract {
    private String url;
    private PostgresStore store;

    @Override
    protected SourceRegistry newRegistry() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.sources();
    }

    @Override
    protected SourceRegistry reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.sources();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
