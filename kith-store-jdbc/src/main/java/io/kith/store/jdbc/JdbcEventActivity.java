package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventActivity;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The events table's activity in plain SQL, the same for both engines. */
final class JdbcEventActivity implements EventActivity {
    private final Database db;

    JdbcEventActivity(Database db) {
        this.db = db;
    }

    @Override
    public List<Volume> volume(TimeBasis basis, Instant from, Instant to, Duration period) {
        long seconds = period.toSeconds();
        if (seconds < 1 || period.toNanosPart() != 0 || !from.isBefore(to)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a volume needs a whole number of seconds per period and from before to, was "
                    + period + ", " + from + " .. " + to);
        }
        String column = basis == TimeBasis.RECEIVED ? "received_at" : "ts";
        // The period is a long from this code, written into the SQL (a bound divisor needs a type on PostgreSQL).
        String sql = "SELECT CAST(floor(extract(epoch FROM " + column + ") / " + seconds + ") AS BIGINT) AS p, source_id, brand, count(*) FROM events"
                + " WHERE " + column + " >= ? AND " + column + " < ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        return db.run("count events per " + period, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                List<Volume> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Volume(Instant.ofEpochSecond(rs.getLong(1) * seconds), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long[] latest(String sourceId, int limit) {
        if (limit < 1) {
            return new long[0];
        }
        return db.run("read the latest events of a source", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM events WHERE source_id = ? ORDER BY seq DESC LIMIT " + limit)) {
                ps.setString(1, sourceId);
                long[] out = new long[limit];
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out[n++] = rs.getLong(1);
                    }
                }
                return Arrays.copyOf(out, n);
            }
        });
    }
}
