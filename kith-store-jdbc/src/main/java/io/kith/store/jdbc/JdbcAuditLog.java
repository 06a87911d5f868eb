package io.kith.store.jdbc;

import io.kith.audit.AuditEntry;
import io.kith.audit.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log in {@code audit_log} — API calls, the console's staff actions and Kith's jobs —, the same for both engines.
 * Nothing here updates a row: entries are added, and removed only by retention.
 */
public final class JdbcAuditLog implements AuditLog {
    private final Database db;

    public JdbcAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        db.inTransaction("write the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (logged_at, actor, action, target, origin, status) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (AuditEntry e : entries) {
                    ps.setTimestamp(1, Timestamp.from(e.at()));
                    ps.setString(2, db.dialect().storable(e.actor()));
                    ps.setString(3, db.dialect().storable(e.action()));
                    ps.setString(4, db.dialect().storable(e.target()));
                    ps.setString(5, db.dialect().storable(e.origin()));
                    ps.setInt(6, e.status());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<AuditEntry> list(Instant before, int limit) {
        return db.run("read the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT logged_at, actor, action, target, origin, status FROM audit_log "
                    + "WHERE logged_at < ? ORDER BY logged_at DESC, action, target LIMIT ?")) {
                ps.setTimestamp(1, Timestamp.from(before == null ? Instant.parse("9999-12-31T00:00:00Z") : before));
                ps.setInt(2, limit);
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        return db.run("apply retention to the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_log WHERE logged_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                return (long) ps.executeUpdate();
            }
        });
    }
}
