package io.kith.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.privacy.ErasureReport;
import io.kith.privacy.Regulation;
import io.kith.privacy.RegulationStatus;
import io.kith.privacy.RegulationType;
import io.kith.privacy.Regulations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The privacy ledger in {@code regulations}, {@code suppressions} and {@code erased_messages}, the same for both engines. */
public final class JdbcRegulations implements Regulations {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a worker holds a request it claimed before another may take it over (it stopped, or its server did). */
    static final Duration LEASE = Duration.ofMinutes(30);
    private static final String COLUMNS = "id, type, subject_type, subject_count, status, requested_by, created_at, started_at, "
            + "finished_at, report, failure";

    private final Database db;

    public JdbcRegulations(Database db) {
        this.db = db;
    }

    @Override
    public Regulation create(RegulationType type, String subjectType, List<String> subjectIds, String requestedBy, Instant at) {
        String id = "reg_" + UUID.randomUUID().toString().replace("-", "");
        db.run("save regulation", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO regulations (id, type, subject_type, subject_count, subjects, status, "
                    + "requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, type.name());
                ps.setString(3, subjectType);
                ps.setInt(4, subjectIds.size());
                ps.setString(5, db.dialect().storable(json(subjectIds)));
                ps.setString(6, RegulationStatus.INITIALIZED.name());
                ps.setString(7, requestedBy);
                ps.setTimestamp(8, Timestamp.from(at));
                return ps.executeUpdate();
            }
        });
        return get(id).orElseThrow();
    }

    @Override
    public Optional<Regulation> get(String id) {
        return db.run("read regulation", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM regulations WHERE id = ?")) {
                ps.setString(1, id);
                List<Regulation> r = read(ps);
                return r.isEmpty() ? Optional.<Regulation>empty() : Optional.of(r.get(0));
            }
        });
    }

    @Override
    public List<Regulation> list(int limit) {
        return db.run("list regulations", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM regulations ORDER BY created_at DESC, id LIMIT ?")) {
                ps.setInt(1, limit);
                return read(ps);
            }
        });
    }

    @Override
    public List<Claimed> claim(Instant now, int max) {
        return db.inTransaction("claim regulations", c -> {
            db.dialect().lockTable(c, "regulations");
            List<String[]> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, subjects FROM regulations WHERE status = 'INITIALIZED' "
                    + "OR (status = 'RUNNING' AND lease_until < ?) ORDER BY created_at, id LIMIT ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            List<Claimed> out = new ArrayList<>();
            try (PreparedStatement up = c.prepareStatement("UPDATE regulations SET status = 'RUNNING', started_at = coalesce(started_at, ?), "
                    + "lease_until = ? WHERE id = ?");
                 PreparedStatement read = c.prepareStatement("SELECT " + COLUMNS + " FROM regulations WHERE id = ?")) {
                for (String[] f : found) {
                    up.setTimestamp(1, Timestamp.from(now));
                    up.setTimestamp(2, Timestamp.from(now.plus(LEASE)));
                    up.setString(3, f[0]);
                    up.executeUpdate();
                    read.setString(1, f[0]);
                    out.add(new Claimed(read(read).get(0), f[1] == null ? List.of() : parse(f[1])));
                }
            }
            return out;
        });
    }

    @Override
    public List<Regulation> erasuresFinishedAfter(Instant after) {
        return db.run("list finished erasures", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM regulations WHERE status = 'FINISHED' "
                    + "AND type IN ('SUPPRESS_WITH_DELETE', 'DELETE_ONLY') AND finished_at > ? ORDER BY finished_at, id")) {
                ps.setTimestamp(1, Timestamp.from(after));
                return read(ps);
            }
        });
    }

    @Override
    public void finish(String id, ErasureReport report, Instant at) {
        end(id, RegulationStatus.FINISHED, json(report), null, at);
    }

    @Override
    public void finishAll(java.util.Map<String, ErasureReport> reports, Instant at) {
        List<java.util.Map.Entry<String, ErasureReport>> all = new ArrayList<>(reports.entrySet());
        db.inTransaction("record regulations", c -> {
            // Many requests a statement (UPDATE ... FROM VALUES, on both engines): a batch of 10,000 ends at once.
            for (int from = 0; from < all.size(); from += ROWS) {
                List<java.util.Map.Entry<String, ErasureReport>> chunk = all.subList(from, Math.min(all.size(), from + ROWS));
                String sql = "UPDATE regulations SET status = ?, subjects = NULL, lease_until = NULL, finished_at = ?, report = v.report, "
                        + "failure = NULL FROM (VALUES " + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)"))
                        + ") AS v(id, report) WHERE regulations.id = v.id";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, RegulationStatus.FINISHED.name());
                    ps.setTimestamp(2, Timestamp.from(at));
                    int p = 3;
                    for (var e : chunk) {
                        ps.setString(p++, e.getKey());
                        ps.setString(p++, json(e.getValue()));
                    }
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void fail(String id, String why, Instant at) {
        end(id, RegulationStatus.FAILED, null, why, at);
    }

    private void end(String id, RegulationStatus status, String report, String failure, Instant at) {
        db.run("record regulation " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE regulations SET status = ?, subjects = NULL, lease_until = NULL, "
                    + "finished_at = ?, report = ?, failure = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, report);
                ps.setString(4, failure == null ? null : db.dialect().storable(failure));
                ps.setString(5, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void checkKey(String fingerprint) {
        db.inTransaction("check the privacy key", c -> {
            db.dialect().lockTable(c, "privacy_key");
            Set<String> known = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM privacy_key"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
            if (known.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO privacy_key (fingerprint) VALUES (?)")) {
                    ps.setString(1, fingerprint);
                    ps.executeUpdate();
                }
            } else if (!known.contains(fingerprint)) {
                throw new KithException(ErrorCode.INVALID_CONFIG, "this server's privacy key is not the one the store's suppression list "
                        + "was made with: every server sharing a store must have the same key (set KITH_PRIVACY_KEY on each; see docs/privacy.md)");
            }
            return null;
        });
    }

    @Override
    public int suppress(String regulationId, Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return 0;
        }
        // One statement per hash, each answering whether it added a row: a batch of 10,000 requests must not read the whole
        // list once per request.
        return db.inTransaction("add suppressions", c -> {
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppressions (hash, regulation_id, key_version) VALUES (?, ?, 1) "
                    + "ON CONFLICT (hash) DO NOTHING")) {
                for (String h : new java.util.TreeSet<>(hashes)) {
                    ps.setString(1, h);
                    ps.setString(2, regulationId);
                    added += ps.executeUpdate();
                }
            }
            return added;
        });
    }

    /** Rows per multi-row INSERT: a batch of 10,000 requests adds hundreds of thousands of keys, one statement each was minutes. */
    private static final int ROWS = 500;

    @Override
    public java.util.Map<String, Integer> suppressAll(java.util.Map<String, ? extends Collection<String>> byRegulation) {
        return db.inTransaction("add suppressions", c -> {
            // Which are new, read in chunks, then only those inserted (each by the first request naming it), many rows a
            // statement; ON CONFLICT still guards against another server adding the same hash meanwhile.
            java.util.Map<String, String> firstBy = new java.util.LinkedHashMap<>();
            byRegulation.forEach((id, hashes) -> hashes.forEach(h -> firstBy.putIfAbsent(h, id)));
            Set<String> present = existing(c, "suppressions", firstBy.keySet());
            java.util.Map<String, Integer> added = new java.util.LinkedHashMap<>();
            byRegulation.keySet().forEach(id -> added.put(id, 0));
            List<String[]> rows = new java.util.ArrayList<>();
            firstBy.forEach((h, id) -> {
                if (!present.contains(h)) {
                    rows.add(new String[] {h, id});
                    added.merge(id, 1, Integer::sum);
                }
            });
            insertRows(c, "INSERT INTO suppressions (hash, regulation_id, key_version) VALUES ", "(?, ?, 1)", rows);
            return added;
        });
    }

    @Override
    public void eraseMessagesAll(java.util.Map<String, ? extends Collection<String>> byRegulation) {
        db.inTransaction("record erased messages", c -> {
            java.util.Map<String, String> firstBy = new java.util.LinkedHashMap<>();
            byRegulation.forEach((id, keys) -> keys.forEach(k -> firstBy.putIfAbsent(k, id)));
            Set<String> present = existing(c, "erased_messages", firstBy.keySet());
            List<String[]> rows = new java.util.ArrayList<>();
            firstBy.forEach((k, id) -> {
                if (!present.contains(k)) {
                    rows.add(new String[] {k, id});
                }
            });
            insertRows(c, "INSERT INTO erased_messages (hash, regulation_id) VALUES ", "(?, ?)", rows);
            return null;
        });
    }

    /** The hashes of {@code table} among these. */
    private Set<String> existing(Connection c, String table, Collection<String> hashes) throws SQLException {
        Set<String> out = new HashSet<>();
        List<String> all = new java.util.ArrayList<>(hashes);
        for (int from = 0; from < all.size(); from += 10 * ROWS) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 10 * ROWS));
            try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM " + table + " WHERE " + db.dialect().inArray("hash"))) {
                ps.setArray(1, db.dialect().textArray(c, chunk));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Inserts rows of two text values, {@value #ROWS} a statement, skipping any another writer added meanwhile. */
    private static void insertRows(Connection c, String insert, String row, List<String[]> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS) {
            List<String[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS));
            String sql = insert + String.join(", ", java.util.Collections.nCopies(chunk.size(), row)) + " ON CONFLICT (hash) DO NOTHING";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (String[] r : chunk) {
                    ps.setString(p++, r[0]);
                    ps.setString(p++, r[1]);
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public int unsuppress(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return 0;
        }
        return db.inTransaction("remove suppressions", c -> {
            Set<String> requests = new java.util.TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT regulation_id FROM suppressions WHERE hash = ?")) {
                for (String h : new java.util.TreeSet<>(hashes)) {
                    ps.setString(1, h);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            requests.add(rs.getString(1));
                        }
                    }
                }
            }
            int removed = 0;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM suppressions WHERE regulation_id = ?")) {
                for (String r : requests) {
                    ps.setString(1, r);
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    @Override
    public Set<String> suppressed() {
        return db.run("read suppressions", c -> hashes(c, "suppressions"));
    }

    @Override
    public long[] sizes() {
        return db.run("count the privacy ledger", c -> {
            long[] out = new long[2];
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM suppressions), (SELECT count(*) FROM erased_messages)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                out[0] = rs.getLong(1);
                out[1] = rs.getLong(2);
            }
            return out;
        });
    }

    @Override
    public java.util.Map<String, String> suppressedBy() {
        return db.run("read suppressions", c -> {
            java.util.Map<String, String> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT hash, regulation_id FROM suppressions"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    @Override
    public void eraseMessages(String regulationId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        db.inTransaction("record erased messages", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO erased_messages (hash, regulation_id) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING")) {
                for (String k : new java.util.TreeSet<>(keys)) {
                    ps.setString(1, k);
                    ps.setString(2, regulationId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Set<String> erasedMessages() {
        return db.run("read erased messages", c -> hashes(c, "erased_messages"));
    }

    private static Set<String> hashes(Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM " + table); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<Regulation> read(PreparedStatement ps) throws SQLException {
        List<Regulation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String report = rs.getString("report");
                out.add(new Regulation(rs.getString("id"), RegulationType.valueOf(rs.getString("type")), rs.getString("subject_type"),
                        rs.getInt("subject_count"), RegulationStatus.valueOf(rs.getString("status")), rs.getString("requested_by"),
                        instant(rs, "created_at").orElseThrow(), instant(rs, "started_at"), instant(rs, "finished_at"),
                        Optional.ofNullable(report).map(JdbcRegulations::report), Optional.ofNullable(rs.getString("failure"))));
            }
        }
        return out;
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> parse(String text) {
        try {
            return JSON.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "a stored regulation's subject ids are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ErasureReport report(String text) {
        try {
            return JSON.readValue(text, ErasureReport.class);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "a stored regulation report is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
