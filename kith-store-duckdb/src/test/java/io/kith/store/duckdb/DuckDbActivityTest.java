package io.kith.store.duckdb;

import io.kith.store.Store;
import io.kith.testkit.contract.ActivityContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbActivityTest extends ActivityContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected Store newStore() {
        return DuckDbStore.open(dir.resolve("kith-" + opened++ + ".duckdb"));
    }
}
