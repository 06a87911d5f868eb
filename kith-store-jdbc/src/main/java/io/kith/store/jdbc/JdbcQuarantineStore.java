package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code quarantine} table, read newest first ({@code ord} counts rows as they are added). Rows arrive in the
 * event store's transactions, through {@link #insert}.
 */
public final class JdbcQuarantineStore implements QuarantineStore {
    private final Database db;

    public JdbcQuarantineStore(Database db) {
        this.db = db;
    }

    @Override
    public List<QuarantinedEvent> list(String sourceId, String before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, source_id, received_at, code, path, reason, raw FROM quarantine WHERE true");
        if (sourceId != null) {
            sql.append(" AND source_id = ?");
        }
        if (before != null) {
            // min: an id read again from the log (a rebuild) may stand twice; the cursor is its first place
            sql.append(" AND ord < (SELECT min(ord) FROM quarantine WHERE id = ?)");
        }
        sql.append(" ORDER BY ord DESC LIMIT ?");
        return db.run("list the quarantine", c -> {
            if (before != null) {
                try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM quarantine WHERE id = ? LIMIT 1")) {
                    known.setString(1, before);
                    try (ResultSet rs = known.executeQuery()) {
                        if (!rs.next()) {
                            throw io.kith.event.QuarantineCursor.unknown(before);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (sourceId != null) {
                    ps.setString(i++, sourceId);
                }
                if (before != null) {
                    ps.setString(i++, before);
                }
                ps.setInt(i, limit);
                List<QuarantinedEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new QuarantinedEvent(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                                new Rejection(ErrorCode.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6)), rs.getString(7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count() {
        return db.run("count the quarantine", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM quarantine"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Adds quarantine rows, oldest first, on the caller's connection and in its transaction. */
    public void insert(Connection c, List<QuarantinedEvent> quarantined) throws SQLException {
        if (quarantined.isEmpty()) {
            return;
        }
        Dialect d = db.dialect();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO quarantine (id, source_id, received_at, code, path, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (QuarantinedEvent q : quarantined) {
                ps.setString(1, d.storable(q.id()));
                ps.setString(2, d.storable(q.sourceId()));
                ps.setObject(3, OffsetDateTime.ofInstant(q.receivedAt(), ZoneOffset.UTC));
                ps.setString(4, q.rejection().code().name());
                ps.setString(5, d.storable(q.rejection().path()));
                ps.setString(6, d.storable(q.rejection().message()));
                ps.setString(7, d.storable(q.raw()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
