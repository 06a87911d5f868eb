package io.kith.store.duckdb;

import io.kith.store.Store;
import io.kith.testkit.contract.DefinitionsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbDefinitionsTest extends DefinitionsContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected Store newStore() {
        return DuckDbStore.open(dir.resolve("kith-" + opened++ + ".duckdb"));
    }
}
