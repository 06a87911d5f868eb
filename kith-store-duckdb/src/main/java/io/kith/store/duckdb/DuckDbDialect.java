package io.kith.store.duckdb;

import io.kith.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/** DuckDB, embedded: one process owns the database file, so nothing is locked or read again, and text holds any character. */
final class DuckDbDialect implements Dialect {
    @Override
    public String name() {
        return "DuckDB";
    }

    @Override
    public boolean shared() {
        return false;
    }

    /**
     * An event read through the ART index on {@code seq} costs DuckDB the decompression of the JSON of the vector it lies
     * in, where a scan decompresses each vector once for all its rows. Measured on the 100,000-customer bench store
     * (7.7 M events, DuckDB 2.0.0.1, 2 cores): 2,000 random sequences by lookup took 0.20-0.46 ms a row once the file
     * was cached (1.2 ms cold), a scan of every row in ranges 1.1 us a row: 180 to 400 rows, 1,000 cold.
     */
    @Override
    public int rowsScannedPerLookup() {
        return 256;
    }

    @Override
    public String forUpdate() {
        return "";
    }

    @Override
    public void lockTable(Connection c, String table) {
        // one process; its writers take turns in Java
    }

    @Override
    public void lockMigrations(Connection c) {
        // one process opens the file
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        String m = e.getMessage();
        return m != null && m.contains("Constraint Error") && (m.contains("unique") || m.contains("primary key"));
    }

    @Override
    public String storable(String text) {
        return text;
    }

    @Override
    public String identityPositionQuery() {
        return "SELECT applied FROM log_position WHERE projection = 'identity'";
    }

    @Override
    public io.kith.store.jdbc.segment.JsonSql json() {
        return new io.kith.store.jdbc.segment.JsonSql.DuckDb();
    }

    @Override
    public void append(Connection c, String table, java.util.List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (org.duckdb.DuckDBAppender a = c.unwrap(org.duckdb.DuckDBConnection.class).createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (Object[] row : rows) {
                a.beginRow();
                for (Object v : row) {
                    switch (v) {
                        case null -> a.appendNull();
                        case String s -> a.append(s);
                        case Integer n -> a.append(n.intValue());
                        case Long n -> a.append(n.longValue());
                        case Boolean b -> a.append(b.booleanValue());
                        case java.time.Instant t -> a.append(java.time.OffsetDateTime.ofInstant(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                                java.time.ZoneOffset.UTC));
                        default -> throw new IllegalArgumentException("cannot append a " + v.getClass().getSimpleName());
                    }
                }
                a.endRow();
            }
            a.flush();
        }
    }

    @Override
    public String inArray(String column) {
        return column + " IN (SELECT unnest(?::VARCHAR[]))";
    }

    @Override
    public java.sql.Array textArray(Connection c, java.util.Collection<String> values) throws SQLException {
        return c.createArrayOf("VARCHAR", values.toArray());
    }

    @Override
    public void reclaim(java.sql.Connection c, java.util.List<String> tables) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("FORCE CHECKPOINT"); // empties the write-ahead log file; freed blocks keep their bytes until the file is compacted
        }
    }

    @Override
    public String eventJson() {
        return "encode(json)";
    }
}
