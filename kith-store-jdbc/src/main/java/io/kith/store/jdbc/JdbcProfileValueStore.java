package io.kith.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.ProfileValue.Namespace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Computed profile values in {@code profile_values}, the same for both engines. */
public final class JdbcProfileValueStore implements ProfileValueStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;

    public JdbcProfileValueStore(Database db) {
        this.db = db;
    }

    @Override
    public void put(List<Computed> values) {
        if (values.isEmpty()) {
            return;
        }
        db.inTransaction("write " + values.size() + " computed profile values", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM profile_values WHERE profile_id = ? AND namespace = ? AND name = ?")) {
                for (Computed v : values) {
                    delete.setString(1, v.profileId());
                    delete.setString(2, v.namespace().word());
                    delete.setString(3, v.name());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            insert(c, values);
            return null;
        });
    }

    @Override
    public void remove(Namespace namespace, String name, List<String> profileIds) {
        if (profileIds.isEmpty()) {
            return;
        }
        db.inTransaction("remove computed profile values of " + profileIds.size() + " profiles", c -> {
            // One delete for all of them, as in replace: one per profile cost a DELETE each (the merges of a 7.7 M-event
            // import removed a value from 100,000 absorbed profiles one statement at a time).
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM profile_values WHERE " + db.dialect().inArray("profile_id")
                    + " AND namespace = ? AND name = ?")) {
                delete.setArray(1, db.dialect().textArray(c, profileIds));
                delete.setString(2, namespace.word());
                delete.setString(3, name);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void replaceAll(Namespace namespace, String name, List<Computed> given) {
        db.inTransaction("replace the computed values " + namespace.word() + " " + name, c -> {
            /*
             * Only the rows whose value or version changed are deleted and written again; the others get the new time in
             * place. DuckDB removes each deleted row from the ART index on profile_id (schema 17) at commit: deleting one
             * RFM value's 160,000 rows took 14.2-17.2 s (2-18 ms without the index), and a whole pass replaces about 35
             * such names, most of them unchanged since the pass before. Updating a column the index does not cover is
             * done in place (150,000 rows: 0.1-0.2 s, 0.5-1.4 s to commit).
             */
            Map<String, StoredValue> stored = stored(c, namespace, name);
            List<Computed> values = lastOfEach(given);
            java.time.Instant common = values.isEmpty() ? null : values.get(0).computedAt();
            for (Computed v : values) {
                if (!v.computedAt().equals(common)) {
                    common = null;
                    break;
                }
            }
            List<Computed> write = new ArrayList<>();
            List<String> drop = new ArrayList<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            int kept = 0;
            for (Computed v : values) {
                ids.add(v.profileId());
                StoredValue old = stored.get(v.profileId());
                if (old != null && old.version() == v.version() && old.json().equals(json(v))
                        && (common != null || old.computedAt().equals(v.computedAt()))) {
                    kept++;
                    continue;
                }
                if (old != null) {
                    drop.add(v.profileId());
                }
                write.add(v);
            }
            for (String id : stored.keySet()) {
                if (!ids.contains(id)) {
                    drop.add(id);
                }
            }
            if (kept == 0 || drop.size() > stored.size() / 2) {
                // most rows change: one delete of the name and every row appended, as cheap as it gets
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM profile_values WHERE namespace = ? AND name = ?")) {
                    delete.setString(1, namespace.word());
                    delete.setString(2, name);
                    delete.executeUpdate();
                }
                insert(c, values);
                return null;
            }
            if (!drop.isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM profile_values WHERE " + db.dialect().inArray("profile_id")
                        + " AND namespace = ? AND name = ?")) {
                    delete.setArray(1, db.dialect().textArray(c, drop));
                    delete.setString(2, namespace.word());
                    delete.setString(3, name);
                    delete.executeUpdate();
                }
            }
            if (common != null) {
                try (PreparedStatement update = c.prepareStatement("UPDATE profile_values SET computed_at = ? WHERE namespace = ? AND name = ?"
                        + " AND computed_at <> ?")) {
                    // as the appender writes a time (an offset date-time in UTC), whatever the JVM's zone
                    java.time.OffsetDateTime at = common.atOffset(java.time.ZoneOffset.UTC);
                    update.setObject(1, at);
                    update.setString(2, namespace.word());
                    update.setString(3, name);
                    update.setObject(4, at);
                    update.executeUpdate();
                }
            }
            insert(c, write);
            return null;
        });
    }

    /** A stored value of one name: its JSON text as written (both engines keep it verbatim), version and time. */
    private record StoredValue(String json, int version, java.time.Instant computedAt) {
    }

    private Map<String, StoredValue> stored(Connection c, Namespace namespace, String name) throws SQLException {
        Map<String, StoredValue> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, CAST(value AS " + (db.dialect().shared() ? "text" : "VARCHAR")
                + "), version, computed_at FROM profile_values WHERE namespace = ? AND name = ?")) {
            ps.setString(1, namespace.word());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new StoredValue(rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return out;
    }

    /** One value per profile, the last given: a profile holds one value of a name. */
    private static List<Computed> lastOfEach(List<Computed> values) {
        Map<String, Computed> last = new LinkedHashMap<>();
        for (Computed v : values) {
            last.remove(v.profileId());
            last.put(v.profileId(), v);
        }
        return last.size() == values.size() ? values : new ArrayList<>(last.values());
    }

    /** Appends the rows the engine's fastest way (appender, COPY): a JDBC batch is a statement per row on DuckDB. */
    private void insert(Connection c, List<Computed> values) throws SQLException {
        List<Object[]> rows = new ArrayList<>(values.size());
        for (Computed v : values) {
            rows.add(new Object[] {v.profileId(), v.namespace().word(), v.name(), db.dialect().storable(json(v)), v.version(), v.computedAt()});
        }
        db.dialect().append(c, "profile_values", rows);
    }

    @Override
    public List<Computed> of(String profileId) {
        return db.run("read the computed values of " + profileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, name, value, version, computed_at FROM profile_values "
                    + "WHERE profile_id = ? ORDER BY namespace, name")) {
                ps.setString(1, profileId);
                List<Computed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Computed(profileId, Namespace.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getString(2),
                                JSON.readTree(rs.getString(3)), rs.getInt(4), rs.getTimestamp(5).toInstant()));
                    }
                } catch (JsonProcessingException e) {
                    throw new KithException(ErrorCode.INTERNAL, "a stored profile value is not JSON: " + e.getOriginalMessage(), e);
                }
                return out;
            }
        });
    }

    @Override
    public Map<String, List<Computed>> of(java.util.Collection<String> profileIds) {
        Map<String, List<Computed>> out = new java.util.HashMap<>();
        if (profileIds.isEmpty()) {
            return out;
        }
        return db.run("read the computed values of " + profileIds.size() + " profiles", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, namespace, name, value, version, computed_at FROM profile_values "
                    + "WHERE " + db.dialect().inArray("profile_id") + " ORDER BY profile_id, namespace, name")) {
                ps.setArray(1, db.dialect().textArray(c, profileIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Computed(rs.getString(1),
                                Namespace.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getString(3), JSON.readTree(rs.getString(4)),
                                rs.getInt(5), rs.getTimestamp(6).toInstant()));
                    }
                } catch (JsonProcessingException e) {
                    throw new KithException(ErrorCode.INTERNAL, "a stored profile value is not JSON: " + e.getOriginalMessage(), e);
                }
            }
            return out;
        });
    }

    @Override
    public void replace(java.util.Collection<String> profileIds, java.util.Set<Namespace> namespaces, List<Computed> values) {
        if (profileIds.isEmpty() || namespaces.isEmpty()) {
            return;
        }
        List<String> words = namespaces.stream().map(Namespace::word).sorted().toList();
        db.inTransaction("replace the computed values of " + profileIds.size() + " profiles", c -> {
            // One delete for all of them: DuckDB answers each DELETE by reading the table.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM profile_values WHERE " + db.dialect().inArray("profile_id")
                    + " AND namespace IN (" + String.join(", ", java.util.Collections.nCopies(words.size(), "?")) + ")")) {
                ps.setArray(1, db.dialect().textArray(c, profileIds));
                int at = 2;
                for (String w : words) {
                    ps.setString(at++, w);
                }
                ps.executeUpdate();
            }
            insert(c, values);
            return null;
        });
    }

    @Override
    public Map<String, Long> distribution(Namespace namespace, String name, java.util.Optional<String> brand) {
        String sql = "SELECT CAST(value AS " + (db.dialect().shared() ? "text" : "VARCHAR") + ") AS v, count(*) FROM profile_values WHERE namespace = ? "
                + "AND name = ?" + (brand.isPresent() ? " AND " + ofBrand(db, "profile_id") : "") + " GROUP BY 1 ORDER BY 2 DESC, 1";
        return db.run("read the distribution of " + namespace.word() + " " + name + brand.map(b -> " for a brand").orElse(""), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.word());
                ps.setString(2, name);
                if (brand.isPresent()) {
                    ps.setString(3, brand.get());
                }
                Map<String, Long> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Map<String, Map<String, Long>> distributions(Namespace namespace, java.util.Optional<String> brand) {
        // One aggregate for every name: a brand's semi-join is computed once rather than once per label. bench console,
        // 10k demo customers on DuckDB (2 busy cores), median of 7: one brand's labels 854 ms a label at a time, 63 ms
        // at once; all brands' 372 ms and 23 ms.
        String sql = "SELECT name, CAST(value AS " + (db.dialect().shared() ? "text" : "VARCHAR") + ") AS v, count(*) FROM profile_values "
                + "WHERE namespace = ?" + (brand.isPresent() ? " AND " + ofBrand(db, "profile_id") : "") + " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2";
        return db.run("read the distributions of " + namespace.word() + " values" + brand.map(b -> " for a brand").orElse(""), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.word());
                if (brand.isPresent()) {
                    ps.setString(2, brand.get());
                }
                Map<String, Map<String, Long>> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                    }
                }
                return out;
            }
        });
    }

    /**
     * A condition that the profile in column {@code profileId} belongs to the brand bound as its one parameter: its stored
     * row's {@code brands} hold it. A semi-join rather than a join, so that each value is counted once whatever the plan.
     */
    static String ofBrand(Database db, String profileId) {
        return profileId + " IN (SELECT id FROM profiles WHERE " + db.dialect().json().arrayContains("brands", "?") + ")";
    }

    @Override
    public List<String> names(Namespace namespace) {
        return db.run("read the names of " + namespace.word() + " values", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT name FROM profile_values WHERE namespace = ? ORDER BY name")) {
                ps.setString(1, namespace.word());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<RfmCell> rfmCells() {
        return db.run("read the RFM grid", c -> {
            // Aggregated here rather than in SQL: the scores are JSON text in either engine, and one row per profile and name is small.
            Map<String, int[]> scores = new java.util.HashMap<>();
            Map<String, java.math.BigDecimal> money = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, name, CAST(value AS " + (db.dialect().shared() ? "text" : "VARCHAR")
                    + ") FROM profile_values WHERE namespace = ? AND name IN ('r', 'f', 'm', 'monetary')")) {
                ps.setString(1, Namespace.RFM.word());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        String name = rs.getString(2);
                        java.math.BigDecimal v;
                        try {
                            v = new java.math.BigDecimal(rs.getString(3).trim().replace("\"", ""));
                        } catch (NumberFormatException notANumber) {
                            continue;
                        }
                        if (name.equals("monetary")) {
                            money.put(id, v);
                        } else {
                            scores.computeIfAbsent(id, k -> new int[3])["rfm".indexOf(name)] = v.intValue();
                        }
                    }
                }
            }
            long[][] counts = new long[6][6];
            java.math.BigDecimal[][] sums = new java.math.BigDecimal[6][6];
            for (Map.Entry<String, int[]> e : scores.entrySet()) {
                int[] s = e.getValue();
                if (s[0] < 1 || s[0] > 5 || s[1] < 1 || s[1] > 5 || s[2] < 1 || s[2] > 5) {
                    continue;
                }
                int fm = (s[1] + s[2] + 1) / 2;
                counts[s[0]][fm]++;
                sums[s[0]][fm] = (sums[s[0]][fm] == null ? java.math.BigDecimal.ZERO : sums[s[0]][fm])
                        .add(money.getOrDefault(e.getKey(), java.math.BigDecimal.ZERO));
            }
            List<RfmCell> out = new ArrayList<>();
            for (int r = 5; r >= 1; r--) {
                for (int fm = 1; fm <= 5; fm++) {
                    if (counts[r][fm] > 0) {
                        out.add(new RfmCell(r, fm, counts[r][fm], sums[r][fm]));
                    }
                }
            }
            return out;
        });
    }

    private static String json(Computed v) {
        try {
            return JSON.writeValueAsString(v.value());
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot write a profile value: " + e.getOriginalMessage(), e);
        }
    }
}
