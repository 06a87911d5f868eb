package io.kith.store.jdbc;

import io.kith.error.KithException;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentJson;
import io.kith.segment.SegmentStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Segment definitions, members and history in plain JDBC, the same for both engines. */
public final class JdbcSegmentStore implements SegmentStore {
    private static final System.Logger LOG = System.getLogger(JdbcSegmentStore.class.getName());

    private final Database db;

    public JdbcSegmentStore(Database db) {
        this.db = db;
    }

    @Override
    public SavedSegment save(SegmentDefinition d, Instant at) {
        return db.inTransaction("save segment " + d.key(), c -> {
            db.dialect().lockTable(c, "segments");
            int version;
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM segments WHERE key = ?")) {
                ps.setString(1, d.key());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1) + 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO segments (key, version, name, description, definition, saved_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.key());
                ps.setInt(2, version);
                ps.setString(3, db.dialect().storable(d.name()));
                ps.setString(4, db.dialect().storable(d.description()));
                ps.setString(5, SegmentJson.canonical(d.condition()));
                ps.setTimestamp(6, Timestamp.from(at));
                ps.executeUpdate();
            }
            return new SavedSegment(d, version, at.truncatedTo(ChronoUnit.MICROS));
        });
    }

    @Override
    public Optional<SavedSegment> latest(String key) {
        List<SavedSegment> v = read("SELECT key, version, name, description, definition, saved_at FROM segments WHERE key = ? "
                + "ORDER BY version DESC LIMIT 1", key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public List<SavedSegment> versions(String key) {
        return read("SELECT key, version, name, description, definition, saved_at FROM segments WHERE key = ? ORDER BY version", key);
    }

    @Override
    public List<SavedSegment> all() {
        return read("SELECT s.key, s.version, s.name, s.description, s.definition, s.saved_at FROM segments s "
                + "JOIN (SELECT key, max(version) AS version FROM segments GROUP BY key) l ON l.key = s.key AND l.version = s.version "
                + "ORDER BY s.key", null);
    }

    private List<SavedSegment> read(String sql, String key) {
        return db.run("read segment definitions", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (key != null) {
                    ps.setString(1, key);
                }
                List<SavedSegment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Optional<SegmentDefinition> d = readable(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.getString(5));
                        if (d.isPresent()) {
                            out.add(new SavedSegment(d.get(), rs.getInt(2), rs.getTimestamp(6).toInstant()));
                        }
                    }
                }
                return out;
            }
        });
    }

    /**
     * The definition of one stored version, or empty when it no longer reads: one saved before a rule that refuses it
     * (a condition nested 900 levels deep, a number such as {@code 1e999}; see {@link io.kith.segment.Limits}). Such a
     * version is left out, with a warning, as if it had not been saved, so that the list and every other segment still
     * read; saving the key again gives it a new, readable version. Failing the whole read would take every segment down
     * with the one.
     */
    private static Optional<SegmentDefinition> readable(String key, int version, String name, String description, String json) {
        try {
            return Optional.of(new SegmentDefinition(key, name, description, SegmentJson.read(json)));
        } catch (KithException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "segment {0} v{1} is left out: its stored definition no longer reads ({2}); "
                    + "save the segment again to replace it", key, version, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void apply(List<MembershipChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        db.inTransaction("record " + changes.size() + " segment membership changes", c -> {
            // Exits first (a profile that leaves and enters again in one batch ends a member), one statement per segment and
            // chunk: DuckDB answers each DELETE by reading the table, so a delete per row would cost a scan each.
            java.util.Map<String, List<String>> exits = new java.util.LinkedHashMap<>();
            List<MembershipChange> enters = new ArrayList<>();
            for (MembershipChange m : changes) {
                if (m.entered()) {
                    enters.add(m);
                } else {
                    exits.computeIfAbsent(m.segmentKey(), k -> new ArrayList<>()).add(m.profileId());
                }
            }
            for (java.util.Map.Entry<String, List<String>> e : exits.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM segment_members WHERE segment_key = ? AND "
                        + db.dialect().inArray("profile_id"))) {
                    ps.setString(1, e.getKey());
                    ps.setArray(2, db.dialect().textArray(c, e.getValue()));
                    ps.executeUpdate();
                }
            }
            List<Object[]> members = new ArrayList<>(enters.size());
            for (MembershipChange m : enters) {
                members.add(new Object[] {m.segmentKey(), m.profileId(), m.at()});
            }
            db.dialect().append(c, "segment_members", members);
            List<Object[]> history = new ArrayList<>(changes.size());
            for (MembershipChange m : changes) {
                history.add(new Object[] {m.segmentKey(), m.version(), m.profileId(), m.entered(), m.at(), m.asOfSequence(),
                    db.dialect().storable(m.cause())});
            }
            db.dialect().append(c, "segment_history", history);
            return null;
        });
    }

    @Override
    public List<String> members(String key, String afterProfileId, int limit) {
        return db.run("read the members of segment " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM segment_members WHERE segment_key = ? AND profile_id > ? "
                    + "ORDER BY profile_id LIMIT ?")) {
                ps.setString(1, key);
                ps.setString(2, afterProfileId == null ? "" : afterProfileId);
                ps.setInt(3, limit);
                return strings(ps);
            }
        });
    }

    @Override
    public long size(String key) {
        return db.run("count the members of segment " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM segment_members WHERE segment_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<String> segmentsOf(String profileId) {
        return db.run("read the segments of profile " + profileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT segment_key FROM segment_members WHERE profile_id = ? ORDER BY segment_key")) {
                ps.setString(1, profileId);
                return strings(ps);
            }
        });
    }

    @Override
    public List<MembershipChange> history(String profileId) {
        return db.run("read the segment history of profile " + profileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT segment_key, version, profile_id, entered, changed_at, as_of_seq, cause "
                    + "FROM segment_history WHERE profile_id = ? ORDER BY changed_at, as_of_seq, segment_key")) {
                ps.setString(1, profileId);
                List<MembershipChange> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MembershipChange(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4),
                                rs.getTimestamp(5).toInstant(), rs.getLong(6), rs.getString(7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<SizePoint> sizeOverTime(String key) {
        // Days in UTC, counted here rather than by date_trunc, whose days follow the session's time zone.
        TreeMap<Instant, Long> delta = new TreeMap<>();
        db.run("read the size history of segment " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT changed_at, entered FROM segment_history WHERE segment_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant dayEnd = rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
                        delta.merge(dayEnd, rs.getBoolean(2) ? 1L : -1L, Long::sum);
                    }
                }
            }
            return null;
        });
        List<SizePoint> out = new ArrayList<>();
        long size = 0;
        for (var e : delta.entrySet()) {
            size += e.getValue();
            out.add(new SizePoint(e.getKey(), size));
        }
        return out;
    }

    private static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
