package io.kith.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kith.privacy.PersonalData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Erasure's deletions, the same for both engines; reclaiming the space is the engine's (see {@link Dialect#reclaim}). */
public final class JdbcPersonalData implements PersonalData {
    /** What stored configuration says in place of an erased identifier. */
    static final String ERASED = "[erased]";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sequences deleted per statement. */
    private static final int CHUNK = 1_000;
    /** Every table a purge deletes from: reclaimed after it. */
    static final List<String> TABLES = List.of("events", "event_profiles", "quarantine", "profile_values", "segment_members",
            "segment_history", "identity_overrides", "identity_rules", "regulations", "profiles", "profile_identifiers",
            "profile_traits", "identity_decisions", "profile_aliases", "audit_log", "probable_links");

    private final Database db;
    private final Runnable afterReclaim;

    /** @param afterReclaim what the engine does beyond {@link Dialect#reclaim} (DuckDB: a fresh file at the next open) */
    public JdbcPersonalData(Database db, Runnable afterReclaim) {
        this.db = db;
        this.afterReclaim = afterReclaim;
    }

    @Override
    public Purged purge(Purge p) {
        return db.inTransaction("erase", c -> {
            long[] seqs = p.eventSequences().clone();
            Arrays.sort(seqs);
            long events = deleteSequences(c, "events", seqs);
            deleteSequences(c, "event_profiles", seqs);
            long quarantined = quarantineHolding(c, p.values());
            long values = 0;
            long memberships = 0;
            if (!p.profileIds().isEmpty()) {
                values = deleteProfiles(c, "profile_values", p.profileIds());
                memberships = deleteProfiles(c, "segment_members", p.profileIds()) + deleteProfiles(c, "segment_history", p.profileIds());
                // probable links from or to them (the pair says they existed, and the evidence holds the values that matched)
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM probable_links WHERE " + db.dialect().inArray("profile_a")
                        + " OR " + db.dialect().inArray("profile_b"))) {
                    ps.setArray(1, db.dialect().textArray(c, p.profileIds()));
                    ps.setArray(2, db.dialect().textArray(c, p.profileIds()));
                    ps.executeUpdate();
                }
                // Their identity rows: identity takes their components out of the live graph without rewriting every profile
                // (an id merged away names its survivor through profile_aliases).
                for (String table : List.of("profile_identifiers", "profile_traits", "identity_decisions")) {
                    deleteProfiles(c, table, p.profileIds());
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM profiles WHERE " + db.dialect().inArray("id"))) {
                    ps.setArray(1, db.dialect().textArray(c, p.profileIds()));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM profile_aliases WHERE " + db.dialect().inArray("id")
                        + " OR " + db.dialect().inArray("profile_id"))) {
                    ps.setArray(1, db.dialect().textArray(c, p.profileIds()));
                    ps.setArray(2, db.dialect().textArray(c, p.profileIds()));
                    ps.executeUpdate();
                }
            }
            int versions = blank(c, "identity_overrides", "overrides", p.values()) + blank(c, "identity_rules", "rules", p.values());
            return new Purged(events, quarantined, values, memberships, versions);
        });
    }

    /**
     * Deletes the quarantined payloads that hold one of the values (without regard to case): the table read once and
     * matched here, not one scan of it per value (a batch of thousands of people names tens of thousands of values).
     */
    private static long quarantineHolding(Connection c, Set<String> values) throws SQLException {
        if (values.isEmpty()) {
            return 0;
        }
        List<String> lower = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        List<Long> gone = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ord, raw FROM quarantine"); java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String raw = rs.getString(2).toLowerCase(Locale.ROOT);
                for (String v : lower) {
                    if (raw.contains(v)) {
                        gone.add(rs.getLong(1));
                        break;
                    }
                }
            }
        }
        long deleted = 0;
        for (int from = 0; from < gone.size(); from += CHUNK) {
            List<Long> chunk = gone.subList(from, Math.min(gone.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM quarantine WHERE ord IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    @Override
    public int purgeOrphans(java.util.function.Predicate<String> live) {
        java.util.Set<String> ids = db.run("read derived profile ids", c -> {
            java.util.Set<String> out = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT profile_id FROM profile_values UNION SELECT DISTINCT profile_id "
                    + "FROM segment_members UNION SELECT DISTINCT profile_id FROM segment_history"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        java.util.Set<String> orphans = new java.util.TreeSet<>();
        for (String id : ids) {
            if (!live.test(id)) {
                orphans.add(id);
            }
        }
        if (!orphans.isEmpty()) {
            purge(new Purge(new long[0], orphans, java.util.Set.of()));
        }
        return orphans.size();
    }

    @Override
    public long[] expiredEvents(io.kith.privacy.RetentionPolicy policy, java.time.Instant now) {
        return db.run("find the events past retention", c -> {
            it.unimi.dsi.fastutil.longs.LongOpenHashSet seqs = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
            for (io.kith.privacy.RetentionPolicy.Rule r : policy.rules()) {
                StringBuilder sql = new StringBuilder("SELECT seq FROM events WHERE ts < ?");
                List<String> args = new ArrayList<>();
                r.source().ifPresent(v -> { sql.append(" AND source_id = ?"); args.add(v); });
                r.type().ifPresent(v -> { sql.append(" AND type = ?"); args.add(v); });
                r.event().ifPresent(v -> { sql.append(" AND event = ?"); args.add(v); });
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    ps.setTimestamp(1, java.sql.Timestamp.from(r.cutoff(now)));
                    for (int i = 0; i < args.size(); i++) {
                        ps.setString(i + 2, args.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            seqs.add(rs.getLong(1));
                        }
                    }
                }
            }
            long[] sorted = seqs.toLongArray();
            Arrays.sort(sorted);
            return sorted;
        });
    }

    @Override
    public Expired expire(io.kith.privacy.RetentionPolicy policy, java.time.Instant now, long[] eventSequences) {
        return db.inTransaction("apply retention", c -> {
            long quarantined = 0;
            for (io.kith.privacy.RetentionPolicy.Rule r : policy.rules()) {
                if (r.type().isEmpty() && r.event().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM quarantine WHERE received_at < ?"
                            + (r.source().isPresent() ? " AND source_id = ?" : ""))) {
                        ps.setTimestamp(1, java.sql.Timestamp.from(r.cutoff(now)));
                        if (r.source().isPresent()) {
                            ps.setString(2, r.source().get());
                        }
                        quarantined += ps.executeUpdate();
                    }
                }
            }
            long[] sorted = eventSequences.clone();
            Arrays.sort(sorted);
            long events = deleteSequences(c, "events", sorted);
            deleteSequences(c, "event_profiles", sorted);
            return new Expired(events, quarantined);
        });
    }

    @Override
    public void reclaim() {
        db.run("reclaim the space of erased rows", c -> {
            db.dialect().reclaim(c, TABLES);
            return null;
        });
        afterReclaim.run();
    }

    private static long deleteSequences(Connection c, String table, long[] seqs) throws SQLException {
        long n = 0;
        for (int from = 0; from < seqs.length; from += CHUNK) {
            int to = Math.min(seqs.length, from + CHUNK);
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(table).append(" WHERE seq IN (");
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "" : ",").append(seqs[i]); // numbers, not text: nothing to escape
            }
            try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    private long deleteProfiles(Connection c, String table, Set<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + db.dialect().inArray("profile_id"))) {
            ps.setArray(1, db.dialect().textArray(c, ids));
            return ps.executeUpdate();
        }
    }

    /**
     * Replaces every string of the stored JSON versions that equals one of the values (without regard to case) with
     * {@value #ERASED}; returns the versions changed. An override that named the person then names no one.
     */
    private int blank(Connection c, String table, String column, Set<String> values) throws SQLException {
        if (values.isEmpty()) {
            return 0;
        }
        Set<String> lower = new java.util.HashSet<>();
        values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
        List<Object[]> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, " + column + " FROM " + table); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String text = rs.getString(2);
                String low = text.toLowerCase(Locale.ROOT);
                if (lower.stream().noneMatch(low::contains)) {
                    continue;
                }
                try {
                    JsonNode tree = JSON.readTree(text);
                    JsonNode blanked = blank(tree, lower);
                    changed.add(new Object[] {rs.getLong(1), JSON.writeValueAsString(blanked)});
                } catch (JsonProcessingException e) {
                    changed.add(new Object[] {rs.getLong(1), "{}"}); // not JSON: nothing of it can be kept safely
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE version = ?")) {
            for (Object[] row : changed) {
                ps.setString(1, (String) row[1]);
                ps.setLong(2, (Long) row[0]);
                ps.executeUpdate();
            }
        }
        return changed.size();
    }

    private static JsonNode blank(JsonNode n, Set<String> lower) {
        if (n.isTextual()) {
            String low = n.asText().toLowerCase(Locale.ROOT);
            for (String v : lower) {
                if (low.contains(v)) {
                    return TextNode.valueOf(ERASED);
                }
            }
            return n;
        }
        if (n instanceof ObjectNode o) {
            ObjectNode out = JSON.createObjectNode();
            o.properties().forEach(e -> out.set(e.getKey(), blank(e.getValue(), lower)));
            return out;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode out = JSON.createArrayNode();
            a.forEach(e -> out.add(blank(e, lower)));
            return out;
        }
        return n;
    }
}
