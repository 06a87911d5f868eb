package io.kith.store.postgres;

import io.kith.error.ErrorCode;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The {@code quarantine} table, read newest first; rows arrive through {@link PostgresEventStore#apply}. */
final class PostgresQuarantineStore implements QuarantineStore {
    private final PostgresStore store;

    PostgresQuarantineStore(PostgresStore store) {
        this.store = store;
    }

    @Override
    public List<QuarantinedEvent> list(String sourceId, String before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, source_id, received_at, code, path, reason, raw FROM quarantine WHERE true");
        if (sourceId != null) {
            sql.append(" AND source_id = ?");
        }
        if (before != null) {
            sql.append(" AND ord < coalesce((SELECT min(ord) FROM quarantine WHERE id = ?), -1)");
        }
        sql.append(" ORDER BY ord DESC LIMIT ?");
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
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
        } catch (SQLException e) {
            throw PostgresStore.failure("list the quarantine", e);
        }
    }

    @Override
    public long count() {
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM quarantine");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw PostgresStore.failure("count the quarantine", e);
        }
    }
}
