package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import io.kith.identity.IdentityStore;
import io.kith.testkit.contract.IdentityStoreContract;
import org.junit.jupiter.api.AfterEach;

class PostgresIdentityStoreTest extends IdentityStoreContract {
    private String url;
    private PostgresStore store;

    @Override
    protected IdentityStore newStore() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.identity();
    }

    @Override
    protected IdentityStore reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.identity();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
