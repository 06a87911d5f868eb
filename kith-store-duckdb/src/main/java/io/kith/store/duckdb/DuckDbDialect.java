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
}
