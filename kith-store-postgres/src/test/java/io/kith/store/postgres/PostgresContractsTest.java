package io.kith.store.postgres;

import io.kith.testkit.contract.StoreContracts;
import io.kith.testkit.contract.StoreFixture;

/** Every store port's contract on PostgreSQL. */
class PostgresContractsTest extends StoreContracts {
    @Override
    protected StoreFixture newFixture() {
        return new PostgresFixture();
    }
}
