package io.kith.store.postgres;

import io.kith.store.Store;
import io.kith.testkit.TestPostgres;
import io.kith.testkit.contract.DefinitionsContract;

class PostgresDefinitionsTest extends DefinitionsContract {
    @Override
    protected Store newStore() {
        return PostgresStore.open(TestPostgres.newDatabase(), "node-a");
    }
}
