package io.kith.store.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.StoredDecisions;
import io.kith.store.jdbc.Database;
import io.kith.store.jdbc.JdbcIdentityStore;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The identity graph as rows in DuckDB: {@code profiles}, {@code profile_identifiers}, {@code profile_traits},
 * {@code identity_decisions} and {@code profile_aliases}, with the position under {@code 'identity'} in
 * {@code log_position}. An apply deletes the rows of every profile it touches and appends their new rows through
 * DuckDB's appender (some fifty times faster than batched inserts for a few thousand profiles), all in one transaction
 * with the new position. Writes are serialised on one connection; each read works on its own connection in one
 * transaction, so that a profile is read from one snapshot.
 */
final class DuckDbIdentityStore extends JdbcIdentityStore {
    private static final String SCHEMA = DuckDBConnection.DEFAULT_SCHEMA;

    private final DuckDbStore store;
    private final DuckDBConnection writer;
    private final ObjectMapper mapper = new ObjectMapper();
    /**
     * The ids with rows (live profiles and merged-away aliases), so that writes delete only rows that exist. Read on the
     * first write, on the profile writer's thread, not when the store opens (a start would wait for every stored id).
     */
    private ProfileIdSet withRows;

    DuckDbIdentityStore(DuckDbStore store) {
        super(store);
        this.store = store;
        this.writer = (DuckDBConnection) store.connect();
    }

    /** Reads the ids with rows, the first time they are needed. */
    private void readIdsWithRows() {
        if (withRows != null) {
            return;
        }
        ProfileIdSet ids = new ProfileIdSet();
        try (Statement s = writer.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM profiles UNION ALL SELECT id FROM profile_aliases")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the stored profile ids", e);
        }
        withRows = ids;
    }

    /** Always: the database file is open in this process only. */
    @Override
    public boolean acquireWriter() {
        return true;
    }

    @Override
    public long appliedSequence() {
        try (Connection c = store.connect()) {
            return applied(c);
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the applied position of the identity graph", e);
        }
    }

    private static long applied(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT applied FROM log_position WHERE projection = 'identity'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public synchronized void apply(List<StoredProfile> changed, Map<String, String> mergedInto, EventAssignments events, long toSequence) {
        readIdsWithRows();
        Map<String, String> merged = survivors(changed, mergedInto);
        try {
            writer.setAutoCommit(false);
            try {
                long applied = applied(writer);
                if (toSequence < applied) {
                    throw new KithException(ErrorCode.CONFLICT, "identity changes up to log sequence " + toSequence
                            + " are older than the stored profiles (the store is at " + applied + ")");
                }
                List<String> touched = stored(changed, merged);
                if (!touched.isEmpty()) {
                    Array ids = writer.createArrayOf("VARCHAR", touched.toArray());
                    for (String delete : List.of("DELETE FROM profiles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                            "DELETE FROM profile_identifiers WHERE profile_id IN (SELECT unnest(?::VARCHAR[]))",
                            "DELETE FROM profile_traits WHERE profile_id IN (SELECT unnest(?::VARCHAR[]))",
                            "DELETE FROM identity_decisions WHERE profile_id IN (SELECT unnest(?::VARCHAR[]))",
                            "DELETE FROM profile_aliases WHERE id IN (SELECT unnest(?::VARCHAR[]))")) {
                        try (PreparedStatement ps = writer.prepareStatement(delete)) {
                            ps.setArray(1, ids);
                            ps.executeUpdate();
                        }
                    }
                }
                if (!merged.isEmpty()) {
                    repoint(merged);
                }
                append(changed);
                append(events);
                try (PreparedStatement ps = writer.prepareStatement("UPDATE log_position SET applied = ? WHERE projection = 'identity'")) {
                    ps.setLong(1, toSequence);
                    ps.executeUpdate();
                }
                writer.commit();
                changed.forEach(p -> withRows.add(p.profile().id()));
                merged.keySet().forEach(withRows::add);
            } catch (SQLException | RuntimeException e) {
                try {
                    writer.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("apply identity changes up to log sequence " + toSequence, e);
        }
    }

    /**
     * The ids among those changed or merged away that have rows now. DuckDB answers a DELETE ... IN (ids) by reading
     * the whole table; knowing which ids have rows lets a batch of new profiles (every batch of a full rewrite) skip the
     * deletes without asking the store.
     */
    private List<String> stored(List<StoredProfile> changed, Map<String, String> merged) {
        List<String> out = new ArrayList<>();
        for (StoredProfile p : changed) {
            if (withRows.contains(p.profile().id())) {
                out.add(p.profile().id());
            }
        }
        for (String id : merged.keySet()) {
            if (withRows.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }


    /** Points the ids merged into the absorbed profiles before, and the absorbed ids themselves, at their survivors. */
    private void repoint(Map<String, String> merged) throws SQLException {
        // Only a profile stored as live can have aliases pointing at it; the UPDATE reads the whole alias table, so it runs
        // only when one of those was absorbed (never in a full rewrite, where every merge is already final).
        List<String> absorbed = new ArrayList<>();
        List<String> survivors = new ArrayList<>();
        merged.forEach((gone, survivor) -> {
            if (withRows.contains(gone)) {
                absorbed.add(gone);
                survivors.add(survivor);
            }
        });
        if (!absorbed.isEmpty()) {
            try (PreparedStatement ps = writer.prepareStatement("UPDATE profile_aliases SET profile_id = m.survivor "
                    + "FROM (SELECT unnest(?::VARCHAR[]) AS absorbed, unnest(?::VARCHAR[]) AS survivor) m WHERE profile_aliases.profile_id = m.absorbed")) {
                ps.setArray(1, writer.createArrayOf("VARCHAR", absorbed.toArray()));
                ps.setArray(2, writer.createArrayOf("VARCHAR", survivors.toArray()));
                ps.executeUpdate();
            }
        }
        try (DuckDBAppender a = writer.createAppender(SCHEMA, "profile_aliases")) {
            for (Map.Entry<String, String> m : merged.entrySet()) {
                a.beginRow().append(m.getKey()).append(m.getValue()).endRow();
            }
            a.flush();
        }
    }

    private void append(List<StoredProfile> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (DuckDBAppender profiles = writer.createAppender(SCHEMA, "profiles");
             DuckDBAppender identifiers = writer.createAppender(SCHEMA, "profile_identifiers");
             DuckDBAppender traits = writer.createAppender(SCHEMA, "profile_traits");
             DuckDBAppender decisions = writer.createAppender(SCHEMA, "identity_decisions")) {
            for (StoredProfile sp : changed) {
                Profile p = sp.profile();
                String id = p.id();
                profiles.beginRow().append(id);
                timestamp(profiles, p.firstSeen());
                timestamp(profiles, p.lastSeen());
                profiles.append(p.eventCount()).append(json(p.eventsByType() == null ? Map.of() : p.eventsByType()))
                        .append(orEmpty(p.sources())).append(orEmpty(p.brands())).append(orEmpty(p.mergedFrom())).endRow();
                StoredDecisions log = StoredDecisions.split(sp);
                int ord = 0;
                for (ProfileIdentifier pi : orEmpty(p.identifiers())) {
                    identifiers.beginRow().append(id).append(ord).append(pi.type()).append(pi.value());
                    timestamp(identifiers, pi.firstSeen());
                    identifiers.append(pi.linkedBySequence());
                    Decision.Linked linked = log.linked()[ord];
                    Identifier anchor = linked == null ? null : linked.anchor();
                    nullable(identifiers, anchor == null ? null : anchor.type());
                    nullable(identifiers, anchor == null ? null : anchor.value());
                    if (linked == null) {
                        identifiers.appendNull();
                    } else {
                        identifiers.append(log.linkedOrd()[ord]);
                    }
                    identifiers.endRow();
                    ord++;
                }
                for (Map.Entry<String, Trait> t : (p.traits() == null ? Map.<String, Trait>of() : p.traits()).entrySet()) {
                    Trait trait = t.getValue();
                    traits.beginRow().append(id).append(t.getKey()).append(json(trait.value()));
                    nullable(traits, trait.sourceId());
                    timestamp(traits, trait.at());
                    traits.append(trait.at() == null ? 0 : trait.at().getNano() % 1_000).append(trait.priority()).endRow();
                }
                for (int k = 0; k < log.others().size(); k++) {
                    decisions.beginRow().append(id).append(log.otherOrd()[k]);
                    decision(decisions, StoredDecisions.Row.of(log.others().get(k)));
                    decisions.endRow();
                }
            }
            profiles.flush();
            identifiers.flush();
            traits.flush();
            decisions.flush();
        }
    }

    private void append(EventAssignments events) throws SQLException {
        if (events.size() == 0) {
            return;
        }
        try (DuckDBAppender a = writer.createAppender(SCHEMA, "event_profiles")) {
            long[] seqs = events.sequences();
            String[] ids = events.profileIds();
            for (int i = 0; i < seqs.length; i++) {
                a.beginRow().append(seqs[i]).append(ids[i]).endRow();
            }
            a.flush();
        }
    }

    private static void decision(DuckDBAppender a, StoredDecisions.Row row) throws SQLException {
        a.append(row.kind()).append(row.sequence());
        nullable(a, row.identifier() == null ? null : row.identifier().type());
        nullable(a, row.identifier() == null ? null : row.identifier().value());
        nullable(a, row.other() == null ? null : row.other().type());
        nullable(a, row.other() == null ? null : row.other().value());
        nullable(a, row.absorbed());
        nullable(a, row.reason());
    }

    private static <T> java.util.Collection<T> orEmpty(java.util.Collection<T> c) {
        return c == null ? List.of() : c;
    }

    private static void nullable(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    /** An instant to the microsecond (a trait's nanoseconds below it go to {@code said_at_nanos}). */
    private static void timestamp(DuckDBAppender a, Instant value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot serialise a profile value: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void clear() {
        try {
            Database.inTransaction(writer, c -> {
                try (Statement s = c.createStatement()) {
                    DuckDbStore.emptyTables(c, "profiles", "profile_identifiers", "profile_traits", "identity_decisions", "profile_aliases",
                            "event_profiles");
                    s.execute("UPDATE log_position SET applied = 0 WHERE projection = 'identity'");
                }
                return null;
            });
            withRows = new ProfileIdSet(); // empty, and known to be: no read of the table at the next write
        } catch (SQLException e) {
            throw DuckDbStore.failure("clear the identity tables", e);
        }
    }

    @Override
    public Optional<String> lookup(Identifier identifier) {
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT profile_id, type FROM profile_identifiers WHERE value = ?")) {
            // By value alone, which DuckDB answers from the index on value (not from the one on type and value).
            ps.setString(1, identifier.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2).equals(identifier.type())) {
                        return Optional.of(rs.getString(1));
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("look up identifier " + identifier, e);
        }
    }

    void close() throws SQLException {
        writer.close();
    }
}
