package io.kith.store.postgres;

import io.kith.identity.ProbableLinks;
import io.kith.testkit.TestPostgres;
import io.kith.testkit.contract.ProbableLinksContract;
import org.junit.jupiter.api.AfterEach;

class PostgresProbableLinksTest extends ProbableLinksContract {
    private String url;
    private PostgresStore store;

    @Override
    protected ProbableLinks newStore() {
        url = TestPostgres.newDatabase();
        store = PostgresStore.open(url, "node-a");
        return store.probableLinks();
    }

    @Override
    protected ProbableLinks reopen() {
        store.close();
        store = PostgresStore.open(url, "node-a");
        return store.probableLinks();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
