package io.kith.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventStore;
import io.kith.identity.IdentityStore;
import io.kith.store.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Kith's server store on PostgreSQL: one database shared by several Kith servers, each with its own log and node id,
 * holding sources, API keys, the quarantine, the events table in one sequence over every server, and each server's
 * log position. The port implementations it hands out are thread-safe and take connections from a small pool.
 */
public final class PostgresStore extends io.kith.store.jdbc.JdbcStore {
    private static final int POOL_SIZE = 8;

    private final HikariDataSource pool;
    private final PostgresUrl url;
    private final String nodeId;
    private final PostgresEventStore events;
    private final PostgresIdentityStore identity;

    private PostgresStore(PostgresUrl url, String nodeId, HikariDataSource pool, Clock clock) {
        super(migrated(pool, url), clock);
        this.url = url;
        this.nodeId = nodeId;
        this.pool = pool;
        this.events = new PostgresEventStore(this, nodeId, quarantine());
        this.identity = new PostgresIdentityStore(this, url, nodeId);
    }

    private static Database migrated(HikariDataSource pool, PostgresUrl url) {
        Migrations.apply(pool, url);
        return new Database(new PostgresDialect(), pool::getConnection, true);
    }

    /**
     * Connects to the database, applying schema migrations.
     *
     * @param url    {@code postgres://user:password@host:port/db?params}, {@code postgresql://...} or {@code jdbc:postgresql://...}
     * @param nodeId the name of this Kith server among those sharing the database; its log position is kept under it
     */
    public static PostgresStore open(String url, String nodeId) {
        return open(url, nodeId, Clock.systemUTC());
    }

    /** As {@link #open(String, String)}, with the clock that times write-key rotations and API keys. */
    public static PostgresStore open(String url, String nodeId, Clock clock) {
        PostgresUrl parsed = PostgresUrl.parse(url);
        if (nodeId == null || nodeId.isBlank()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "the PostgreSQL store " + parsed + " needs a node id for this server");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("kith-postgres");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(parsed.jdbcUrl());
        config.setUsername(parsed.user());
        config.setPassword(parsed.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "kith " + nodeId);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot open the PostgreSQL store " + parsed + ": " + e.getMessage(), e);
        }
        try {
            return new PostgresStore(parsed, nodeId, pool, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + url.display() + " (node " + nodeId + ")";
    }

    @Override
    public EventStore events() {
        return events;
    }

    /** The one database of this store, for its engine's own ports. */
    io.kith.store.jdbc.Database database() {
        return db;
    }

    /** The identity graph as rows: profiles, their identifiers, traits and decisions, and the ids merged away. */
    @Override
    public IdentityStore identity() {
        return identity;
    }

    /** A connection from the pool for one unit of work, in auto-commit mode; the caller closes it. */
    Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw failure("connect to " + url, e);
        }
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection: committed when it returns, rolled back when it
     * throws; a {@link SQLException} becomes a {@code STORAGE_FAILURE} naming {@code what}.
     *
     * @param readOnly a read-only, repeatable-read transaction (one consistent view across several queries)
     */
    <T> T inTransaction(String what, boolean readOnly, Database.Work<T> work) {
        try (Connection c = connect()) {
            return Database.inTransaction(c, tx -> {
                if (readOnly) {
                    try (java.sql.Statement s = tx.createStatement()) {
                        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    }
                }
                return work.run(tx);
            });
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing what is no longer needed; nothing to do about a failure
        }
    }

    static KithException failure(String what, SQLException e) {
        return new KithException(ErrorCode.STORAGE_FAILURE, "PostgreSQL store: cannot " + what + ": " + e.getMessage(), e);
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Closes the store; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            identity.close();
            pool.close();
        }
    }
}
