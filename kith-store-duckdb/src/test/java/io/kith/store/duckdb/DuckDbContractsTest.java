package io.kith.store.duckdb;

import io.kith.testkit.contract.StoreContracts;
import io.kith.testkit.contract.StoreFixture;

/** Every store port's contract on DuckDB. */
class DuckDbContractsTest extends StoreContracts {
    @Override
    protected StoreFixture newFixture() {
        return new DuckDbFixture();
    }
}
