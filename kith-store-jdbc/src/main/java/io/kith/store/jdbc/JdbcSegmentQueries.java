package io.kith.store.jdbc;

import io.kith.segment.Condition;
import io.kith.segment.SegmentQueries;
import io.kith.store.jdbc.segment.SegmentSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Segment conditions compiled to one query ({@link SegmentSql}) and run in one snapshot with the position of the
 * stored profiles, which bounds the events the query reads: the answer is exactly what the profile rows and events
 * up to that sequence say.
 */
public final class JdbcSegmentQueries implements SegmentQueries {
    private final Database db;
    private final SegmentSql sql;

    public JdbcSegmentQueries(Database db, SegmentSql sql) {
        this.db = db;
        this.sql = sql;
    }

    @Override
    public Answer members(Condition condition, Instant now) {
        return snapshot("evaluate a segment", c -> {
            long asOf = position(c);
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.members(condition, now, asOf))) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return new Answer(ids, asOf, now);
        });
    }

    @Override
    public long count(Condition condition, Instant now) {
        return snapshot("count a segment", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.count(condition, now, position(c)))) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public java.util.Set<String> eventNames(int limit) {
        return names("SELECT DISTINCT event FROM events WHERE event IS NOT NULL LIMIT " + limit);
    }

    @Override
    public java.util.Set<String> traitNames(int limit) {
        return names("SELECT DISTINCT name FROM profile_traits LIMIT " + limit);
    }

    private java.util.Set<String> names(String query) {
        return db.run("read the names in use", c -> {
            java.util.Set<String> out = new java.util.TreeSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public String explain(Condition condition, Instant now) {
        return sql.members(condition, now, db.run("read the identity position", this::position));
    }

    private long position(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(db.dialect().identityPositionQuery())) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Runs {@code work} in one transaction that sees one snapshot throughout (PostgreSQL: repeatable read). */
    private <T> T snapshot(String what, Database.Work<T> work) {
        return db.run(what, c -> {
            int isolation = c.getTransactionIsolation();
            if (db.dialect().shared()) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                return Database.inTransaction(c, work);
            } finally {
                if (db.dialect().shared()) {
                    c.setTransactionIsolation(isolation);
                }
            }
        });
    }
}
