package io.kith.store.jdbc;

import java.util.List;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What one storage engine does differently from the others, and nothing it does alike: the queries Kith's stores share
 * are written once (in this package) and ask their engine's dialect only for these differences. An engine module (DuckDB,
 * PostgreSQL) implements it.
 */
public interface Dialect {
    /** The engine's name, for messages: {@code "DuckDB"}, {@code "PostgreSQL"}. */
    String name();

    /**
     * Whether other Kith processes write to the same tables: then what a process keeps in memory (sources, API keys) is
     * read again now and then, and changes lock what they read.
     */
    boolean shared();

    /** The clause that locks the rows a {@code SELECT} reads until the transaction ends ({@code ""} where one process owns the store). */
    String forUpdate();

    /** Locks a table against other writers until the transaction ends (nothing where one process owns the store). */
    void lockTable(Connection c, String table) throws SQLException;

    /** Takes the lock that makes processes migrating one store at once take turns, until the transaction ends. */
    void lockMigrations(Connection c) throws SQLException;

    /** Whether the failure is a unique constraint refusing a row. */
    boolean isUniqueViolation(SQLException e);

    /** Text as a {@code text}/{@code VARCHAR} column can hold it (PostgreSQL cannot hold U+0000; DuckDB can). */
    String storable(String text);

    /**
     * A query answering one row with one column: one past the store sequence of the last event the stored profile rows
     * reflect (the identity writer's position).
     */
    String identityPositionQuery();

    /** How this engine spells what segment queries read from JSON. */
    io.kith.store.jdbc.segment.JsonSql json();

    /**
     * Appends rows to a table the fastest way the engine has (DuckDB's appender, PostgreSQL's {@code COPY}), within the
     * connection's transaction. Each row holds every column of the table, in the table's order, as {@code String},
     * {@code Integer}, {@code Long}, {@code Boolean}, {@code java.time.Instant} or null. A multi-row {@code INSERT} costs
     * DuckDB a parse of every value; a JDBC batch costs it a statement per row.
     */
    void append(Connection c, String table, List<Object[]> rows) throws SQLException;

    /**
     * A test that {@code column} is one of the strings of an array parameter (bound with {@link #textArray}): one statement
     * for any number of values, where an {@code IN (?, ?, ...)} list would be prepared anew for each length.
     */
    String inArray(String column);

    /**
     * The events table's JSON as the UTF-8 bytes it was accepted as, for {@code ResultSet.getBytes}: DuckDB's BLOB of the
     * text (three times faster to fetch than a VARCHAR, which the driver decodes into a String), PostgreSQL's bytea of it.
     */
    String eventJson();

    /**
     * How many rows of the events table a range scan reads in the time one row costs read by its sequence through the
     * index: past that density, {@link JdbcEventStore#bySequences} scans the span of the sequences asked for instead of
     * looking each up. Measured per engine (see each dialect).
     */
    int rowsScannedPerLookup();

    /** A text array parameter for {@link #inArray}. */
    java.sql.Array textArray(Connection c, java.util.Collection<String> values) throws SQLException;

    /**
     * Makes the bytes of deleted rows go from the engine's files where it can, on a connection in auto-commit mode:
     * PostgreSQL rewrites the tables and switches to a new write-ahead log segment; DuckDB checkpoints (its freed blocks
     * keep their bytes until the file is written anew, see {@code DuckDbStore}).
     */
    void reclaim(Connection c, List<String> tables) throws SQLException;
}
