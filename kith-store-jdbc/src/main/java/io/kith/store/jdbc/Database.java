package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One engine's database as the shared queries use it: where connections come from, and the engine's {@link Dialect}.
 * Thread-safe when its connection source is.
 */
public final class Database {
    /** Opens a connection for one unit of work, in auto-commit mode; the caller closes it. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /** Work done on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Dialect dialect;
    private final Connections connections;
    private final boolean pooled;

    /**
     * @param pooled whether connections come from a small pool that long-held connections could drain (PostgreSQL), so
     *               that a reader takes one for each query instead of holding one
     */
    public Database(Dialect dialect, Connections connections, boolean pooled) {
        this.dialect = dialect;
        this.connections = connections;
        this.pooled = pooled;
    }

    public Dialect dialect() {
        return dialect;
    }

    public boolean pooled() {
        return pooled;
    }

    /** A connection for one unit of work, in auto-commit mode; the caller closes it. */
    public Connection connect() {
        try {
            return connections.open();
        } catch (SQLException e) {
            throw failure("connect", e);
        }
    }

    /** Runs {@code work} on a connection of its own in auto-commit mode; a {@link SQLException} becomes a failure naming {@code what}. */
    public <T> T run(String what, Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own: committed when it returns, rolled back when it
     * throws; a {@link SQLException} becomes a {@code STORAGE_FAILURE} naming {@code what}.
     */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = connect()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction on {@code c}, which is in auto-commit mode before and after. */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** A storage failure naming the engine and what could not be done. */
    public KithException failure(String what, SQLException e) {
        return new KithException(ErrorCode.STORAGE_FAILURE, dialect.name() + " store: cannot " + what + ": " + e.getMessage(), e);
    }

    public static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing what is no longer needed; nothing to do about a failure
        }
    }
}
