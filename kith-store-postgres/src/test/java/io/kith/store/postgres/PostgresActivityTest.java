package io.kith.store.postgres;

import io.kith.store.Store;
import io.kith.testkit.TestPostgres;
import io.kith.testkit.contract.ActivityContract;

class PostgresActivityTest extends ActivityContract {
    @Override
    protected Store newStore() {
        return PostgresStore.open(TestPostgres.newDatabase(), "node-a");
    }
}
