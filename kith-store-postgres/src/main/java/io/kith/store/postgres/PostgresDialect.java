package io.kith.store.postgres;

import io.kith.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL, shared by several Kith servers: rows and tables are locked for changes, and text cannot hold U+0000. */
final class PostgresDialect implements Dialect {
    private static final String UNIQUE_VIOLATION = "23505";
    /** The advisory lock servers migrating one database take turns on ("kith migrations"). */
    private static final long MIGRATION_LOCK = 0x6b6974686d696772L;

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** PostgreSQL reads a row by its primary key for little more than a scan reads and sends one. */
    @Override
    public int rowsScannedPerLookup() {
        return 4;
    }

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public void lockTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
        }
    }

    @Override
    public void lockMigrations(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        }
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    @Override
    public String storable(String text) {
        return CopyRows.storable(text);
    }

    @Override
    public String identityPositionQuery() {
        return "SELECT applied FROM identity_position";
    }

    @Override
    public io.kith.store.jdbc.segment.JsonSql json() {
        return new io.kith.store.jdbc.segment.JsonSql.Postgres();
    }

    @Override
    public void append(Connection c, String table, java.util.List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        org.postgresql.copy.CopyIn copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        try {
            CopyRows out = new CopyRows(copy);
            for (Object[] row : rows) {
                for (Object v : row) {
                    switch (v) {
                        case null -> out.add((String) null);
                        case String s -> out.add(s);
                        case Integer n -> out.add(n.longValue());
                        case Long n -> out.add(n.longValue());
                        case Boolean b -> out.add(b ? "t" : "f");
                        case java.time.Instant t -> out.add(t);
                        default -> throw new IllegalArgumentException("cannot copy a " + v.getClass().getSimpleName());
                    }
                }
                out.endRow();
            }
            out.finish();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    @Override
    public String inArray(String column) {
        return column + " = ANY (?)";
    }

    @Override
    public java.sql.Array textArray(Connection c, java.util.Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.stream().map(CopyRows::storable).toArray());
    }

    @Override
    public void reclaim(java.sql.Connection c, java.util.List<String> tables) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            for (String t : tables) {
                // VACUUM FULL writes the table and its indexes into new files: a plain VACUUM leaves the dead rows' bytes.
                s.execute("VACUUM FULL " + t);
            }
            // The old rows may still sit in write-ahead log segments: move past them, so that recycling overwrites them.
            try {
                s.execute("CHECKPOINT");
                s.execute("SELECT pg_switch_wal()");
                s.execute("CHECKPOINT");
            } catch (java.sql.SQLException notAllowed) {
                // a role without pg_checkpoint: the server's own checkpoints get there (see docs/privacy.md)
            }
        }
    }

    @Override
    public String eventJson() {
        return "convert_to(json::text, 'UTF8')";
    }
}
