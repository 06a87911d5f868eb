package io.kith.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.ProbableLinks;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Probable links in {@code probable_links} (the last run's, replaced whole by each run) and the runs in
 * {@code probable_link_runs}, the same for both engines.
 */
public final class JdbcProbableLinks implements ProbableLinks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() { };
    /** Profiles asked for in one statement by {@link #of(java.util.Collection)}. */
    private static final int READ_AT_ONCE = 10_000;
    private static final String COLUMNS = "profile_a, profile_b, probability, match_weight, prior_weight, evidence, model_version, computed_at";
    private static final String RUN_COLUMNS = "run, run_at, model_version, min_probability, max_probability, profiles, candidate_pairs, links, "
            + "promoted, rejected, above_band, millis";

    private final Database db;

    public JdbcProbableLinks(Database db) {
        this.db = db;
    }

    @Override
    public void replace(Run run, List<Link> links) {
        db.inTransaction("replace probable links", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM probable_links");
            }
            insert(c, run.run(), links);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO probable_link_runs (" + RUN_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, run.run());
                ps.setTimestamp(2, Timestamp.from(run.at()));
                ps.setString(3, run.modelVersion());
                ps.setDouble(4, run.minProbability());
                ps.setDouble(5, run.maxProbability());
                ps.setInt(6, run.profiles());
                ps.setLong(7, run.candidatePairs());
                ps.setInt(8, run.links());
                ps.setInt(9, run.promoted());
                ps.setInt(10, run.rejected());
                ps.setInt(11, run.aboveBand());
                ps.setLong(12, run.millis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void replaceOf(java.util.Set<String> profileIds, List<Link> now) {
        for (Link l : now) {
            if (!profileIds.contains(l.profileA()) && !profileIds.contains(l.profileB())) {
                throw new IllegalArgumentException("link " + l.profileA() + "-" + l.profileB() + " joins none of the profiles scored again");
            }
        }
        if (profileIds.isEmpty()) {
            return;
        }
        db.inTransaction("replace some profiles' probable links", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM probable_links WHERE profile_a = ? OR profile_b = ?")) {
                for (String id : profileIds) {
                    ps.setString(1, id);
                    ps.setString(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            long run;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(run), 0) FROM probable_link_runs")) {
                rs.next();
                run = rs.getLong(1);
            }
            insert(c, run, now);
            return null;
        });
    }

    @Override
    public void remove(List<Link> gone) {
        if (gone.isEmpty()) {
            return;
        }
        db.inTransaction("remove probable links", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM probable_links WHERE profile_a = ? AND profile_b = ?")) {
                for (Link l : gone) {
                    ps.setString(1, l.profileA());
                    ps.setString(2, l.profileB());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Link> of(String profileId) {
        return db.run("read probable links", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM probable_links WHERE profile_a = ? OR profile_b = ? "
                    + "ORDER BY probability DESC, profile_a, profile_b")) {
                ps.setString(1, profileId);
                ps.setString(2, profileId);
                return read(ps);
            }
        });
    }

    @Override
    public java.util.Map<String, List<Link>> of(java.util.Collection<String> profileIds) {
        java.util.Map<String, List<Link>> out = new java.util.HashMap<>();
        if (profileIds.isEmpty()) {
            return out;
        }
        java.util.Set<String> asked = new java.util.HashSet<>(profileIds);
        List<String> ids = List.copyOf(asked);
        // one transaction for every chunk: one snapshot of the links
        List<Link> found = db.inTransaction("read the probable links of " + ids.size() + " profiles", c -> {
            List<Link> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM probable_links WHERE " + db.dialect().inArray("profile_a")
                    + " OR " + db.dialect().inArray("profile_b"))) {
                for (int from = 0; from < ids.size(); from += READ_AT_ONCE) {
                    List<String> chunk = ids.subList(from, Math.min(ids.size(), from + READ_AT_ONCE));
                    ps.setArray(1, db.dialect().textArray(c, chunk));
                    ps.setArray(2, db.dialect().textArray(c, chunk));
                    all.addAll(read(ps));
                }
            }
            return all;
        });
        // strongest first, as one profile's read gives them (a link read by two chunks is one link)
        found = found.stream().distinct().sorted(java.util.Comparator.comparingDouble(Link::probability).reversed()
                .thenComparing(Link::profileA).thenComparing(Link::profileB)).toList();
        for (Link l : found) {
            if (asked.contains(l.profileA())) {
                out.computeIfAbsent(l.profileA(), k -> new ArrayList<>()).add(l);
            }
            if (asked.contains(l.profileB())) {
                out.computeIfAbsent(l.profileB(), k -> new ArrayList<>()).add(l);
            }
        }
        return out;
    }

    @Override
    public List<Link> all() {
        return db.run("read probable links", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM probable_links ORDER BY probability DESC, profile_a, profile_b")) {
                return read(ps);
            }
        });
    }

    @Override
    public Optional<Run> lastRun() {
        return db.run("read the last probable links run", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM probable_link_runs ORDER BY run DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<Run>empty();
                }
                return Optional.of(new Run(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getInt(6), rs.getLong(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getLong(12)));
            }
        });
    }

    private static void insert(java.sql.Connection c, long run, List<Link> links) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO probable_links (run, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (Link l : links) {
                ps.setLong(1, run);
                ps.setString(2, l.profileA());
                ps.setString(3, l.profileB());
                ps.setDouble(4, l.probability());
                ps.setDouble(5, l.weight());
                ps.setDouble(6, l.prior());
                ps.setString(7, json(l.evidence()));
                ps.setString(8, l.modelVersion());
                ps.setTimestamp(9, Timestamp.from(l.computedAt()));
                ps.addBatch();
                if (++batched % 1_000 == 0) {
                    ps.executeBatch();
                }
            }
            if (batched % 1_000 != 0) {
                ps.executeBatch();
            }
        }
    }

    private static List<Link> read(PreparedStatement ps) throws SQLException {
        List<Link> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Link(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), evidence(rs.getString(6)),
                        rs.getString(7), rs.getTimestamp(8).toInstant()));
            }
        }
        return out;
    }

    private static String json(List<Evidence> evidence) {
        try {
            return JSON.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot write probable link evidence: " + e.getMessage(), e);
        }
    }

    private static List<Evidence> evidence(String json) {
        try {
            return JSON.readValue(json, EVIDENCE);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "unreadable probable link evidence: " + e.getMessage(), e);
        }
    }
}
