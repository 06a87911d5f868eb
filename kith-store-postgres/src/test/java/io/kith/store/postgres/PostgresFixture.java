package io.kith.store.postgres;

import io.kith.store.Store;
import io.kith.testkit.TestPostgres;
import io.kith.testkit.contract.StoreFixture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's stores for tests: each a new database on the test JVM's one embedded server, as node {@code node-a}. */
final class PostgresFixture implements StoreFixture {
    private final List<PostgresStore> opened = new ArrayList<>();
    private String url;
    private Clock clock;

    /** The database of the store opened last (tests that connect to it beside the store). */
    String url() {
        return url;
    }

    @Override
    public PostgresStore open(Clock clock) {
        this.clock = clock;
        this.url = TestPostgres.newDatabase();
        return opened(PostgresStore.open(url, "node-a", clock));
    }

    @Override
    public PostgresStore open() {
        return open(Clock.systemUTC());
    }

    @Override
    public PostgresStore reopen() {
        current().close();
        return opened(PostgresStore.open(url, "node-a", clock));
    }

    @Override
    public PostgresStore current() {
        return opened.get(opened.size() - 1);
    }

    private PostgresStore opened(PostgresStore store) {
        opened.add(store);
        return store;
    }

    @Override
    public void close() {
        opened.forEach(Store::close);
    }
}
