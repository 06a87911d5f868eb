package io.kith.store.duckdb;

import io.kith.identity.ProbableLinks;
import io.kith.testkit.contract.ProbableLinksContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbProbableLinksTest extends ProbableLinksContract {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @Override
    protected ProbableLinks newStore() {
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.probableLinks();
    }

    @Override
    protected ProbableLinks reopen() {
        store.close();
        store = DuckDbStore.open(dir.resolve("kith.duckdb"));
        return store.probableLinks();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
