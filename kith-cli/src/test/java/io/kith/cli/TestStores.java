package io.kith.cli;

import io.kith.testkit.TestPostgres;

/**
 * The store the end-to-end tests run on: the embedded DuckDB store by default, or, with {@code -Dkith.test.store=postgres}
 * (the build's second integration-test run), a fresh database on the test JVM's real PostgreSQL ({@link TestPostgres}).
 */
final class TestStores {
    private TestStores() {
    }

    static boolean onPostgres() {
        return "postgres".equals(System.getProperty("kith.test.store"));
    }

    /** The {@code --store} location of a new, empty store for one test: null for DuckDB in the data directory. */
    static String newStore() {
        return onPostgres() ? TestPostgres.newDatabase() : null;
    }
}
