package io.kith.store.postgres;

import io.kith.identity.IdentityRulesStore;
import io.kith.testkit.TestPostgres;
import io.kith.testkit.contract.IdentityRulesStoreContract;
import org.junit.jupiter.api.AfterEach;

class PostgresRulesStoreTest extends IdentityRulesStoreContract {
    private String url;
    private PostgresStore store;

    @Override
    protected IdentityRulesStore newStore() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.rules();
    }

    @Override
    protected IdentityRulesStore reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.rules();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
