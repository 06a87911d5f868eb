package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import io.kith.identity.OverridesStore;
import io.kith.testkit.contract.OverridesStoreContract;
import org.junit.jupiter.api.AfterEach;

class PostgresOverridesStoreTest extends OverridesStoreContract {
    private String url;
    private PostgresStore store;

    @Override
    protected OverridesStore newStore() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.overrides();
    }

    @Override
    protected OverridesStore reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.overrides();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
