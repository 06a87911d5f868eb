package io.kith.store.duckdb;

import io.kith.store.Store;
import io.kith.testkit.contract.StoreFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** DuckDB's stores for tests: each a file of its own in a temporary directory, removed with it at {@link #close}. */
final class DuckDbFixture implements StoreFixture {
    private final Path dir;
    private final List<DuckDbStore> opened = new ArrayList<>();
    private Path file;
    private Clock clock;
    private int files;

    DuckDbFixture() {
        try {
            dir = Files.createTempDirectory("kith-duckdb-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the fixture keeps its files (tests that look at the bytes). */
    Path dir() {
        return dir;
    }

    @Override
    public DuckDbStore open(Clock clock) {
        this.clock = clock;
        this.file = dir.resolve("kith-" + files++ + ".duckdb");
        return opened(DuckDbStore.open(file, clock));
    }

    @Override
    public DuckDbStore open() {
        return open(Clock.systemUTC());
    }

    @Override
    public DuckDbStore reopen() {
        current().close();
        return opened(DuckDbStore.open(file, clock));
    }

    @Override
    public DuckDbStore current() {
        return opened.get(opened.size() - 1);
    }

    private DuckDbStore opened(DuckDbStore store) {
        opened.add(store);
        return store;
    }

    @Override
    public void close() {
        opened.forEach(Store::close);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
