package io.kith.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;

/**
 * A table of versions of one JSON document, one row each ({@code version}, the document's column): the latest is in
 * force. What the identity overrides and the identity rules are kept in. A change locks the table (where other processes
 * share it) and this object, so that changes made at once apply one after the other and none is lost.
 */
final class VersionedRows {
    /** A version of the document: 0 and null for none ever saved. */
    record Row(long version, String json) {
    }

    private final Database db;
    private final String table;
    private final String column;

    VersionedRows(Database db, String table, String column) {
        this.db = db;
        this.table = table;
        this.column = column;
    }

    Row latest(String what) {
        return db.run("read the " + what, this::latest);
    }

    private Row latest(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, " + column + " FROM " + table + " ORDER BY version DESC LIMIT 1")) {
            return rs.next() ? new Row(rs.getLong(1), rs.getString(2)) : new Row(0, null);
        }
    }

    /**
     * Saves {@code change} of the latest document as the next version, atomically, and answers the version in force
     * afterwards; with {@code unlessSame}, a change that answers the latest text saves nothing.
     */
    synchronized Row update(String what, boolean unlessSame, UnaryOperator<Row> change) {
        return db.inTransaction("save the " + what, c -> {
            db.dialect().lockTable(c, table);
            Row now = latest(c);
            String json = change.apply(now).json();
            if (unlessSame && json.equals(now.json())) {
                return now;
            }
            Row next = new Row(now.version() + 1, json);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (version, " + column + ") VALUES (?, ?)")) {
                ps.setLong(1, next.version());
                ps.setString(2, json);
                ps.executeUpdate();
            }
            return next;
        });
    }
}
