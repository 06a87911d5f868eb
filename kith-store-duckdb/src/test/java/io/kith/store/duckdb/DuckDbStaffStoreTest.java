package io.kith.store.duckdb;

import io.kith.store.Store;
import io.kith.testkit.contract.StaffStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStaffStoreTest extends StaffStoreContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected Store newStore() {
        return DuckDbStore.open(dir.resolve("kith-" + opened++ + ".duckdb"));
    }
}
