package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.testkit.contract.EventStoreContract;
import org.junit.jupiter.api.AfterEach;

class PostgresEventStoreTest extends EventStoreContract {
    private String url;
    private PostgresStore store;

    @Override
    protected EventStore newEventStore() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.events();
    }

    @Override
    protected QuarantineStore quarantine() {
        return store.quarantine();
    }

    @Override
    protected EventStore reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.events();
    }

    @AfterEach
    void close() {
        store.close();
    }
}
