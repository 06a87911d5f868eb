package io.kith.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.StoredDecisions;
import io.kith.store.jdbc.JdbcIdentityStore;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The identity graph as rows in PostgreSQL: {@code profiles}, {@code profile_identifiers}, {@code profile_traits},
 * {@code identity_decisions} and {@code profile_aliases}, with the position in the one row of
 * {@code identity_position}. An apply locks that row, deletes the rows of every profile it touches and loads their new
 * rows with {@code COPY}, all in one transaction with the new position; reads run in one repeatable-read transaction,
 * so that a profile is read from one snapshot.
 *
 * <p>One server writes at a time: the one holding the session-level advisory lock {@link #WRITER_LOCK} ("kith
 * identity writer") on a connection of its own, outside the pool, from {@link #acquireWriter()} until the store closes.
 * When that server stops, its session ends and the lock with it, and the next server to ask takes over.
 */
final class PostgresIdentityStore extends JdbcIdentityStore {
    /** The advisory lock key of "kith identity writer": the bytes of {@code "kithIdWr"}. */
    static final long WRITER_LOCK = 0x6B6974684964_5772L;

    private final PostgresStore store;
    private final PostgresUrl url;
    private final String nodeId;
    private final ObjectMapper mapper = new ObjectMapper();
    /** The session holding the writer lock, while this store holds it. */
    private Connection writerSession;
    private boolean closed;

    PostgresIdentityStore(PostgresStore store, PostgresUrl url, String nodeId) {
        super(store);
        this.store = store;
        this.url = url;
        this.nodeId = nodeId;
    }

    @Override
    public synchronized boolean acquireWriter() {
        if (closed) {
            return false;
        }
        if (writerSession != null) {
            try {
                if (writerSession.isValid(5)) {
                    return true;
                }
            } catch (SQLException e) {
                // gone: the lock went with it; try to take it again below
            }
            PostgresStore.closeQuietly(writerSession);
            writerSession = null;
        }
        Connection c = null;
        try {
            Properties props = new Properties();
            if (url.user() != null) {
                props.setProperty("user", url.user());
            }
            if (url.password() != null) {
                props.setProperty("password", url.password());
            }
            props.setProperty("ApplicationName", "kith " + nodeId + " identity writer");
            props.setProperty("tcpKeepAlive", "true");
            c = DriverManager.getConnection(url.jdbcUrl(), props);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, WRITER_LOCK);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        writerSession = c;
                        return true;
                    }
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            if (c != null) {
                PostgresStore.closeQuietly(c);
            }
            throw PostgresStore.failure("take the identity writer lock", e);
        }
    }

    @Override
    public long appliedSequence() {
        try (Connection c = store.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT applied FROM identity_position")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw PostgresStore.failure("read the applied position of the identity graph", e);
        }
    }

    @Override
    public void apply(List<StoredProfile> changed, Map<String, String> mergedInto, EventAssignments events, long toSequence) {
        Map<String, String> merged = survivors(changed, mergedInto);
        List<String> touched = new ArrayList<>(changed.size() + merged.size());
        changed.forEach(p -> touched.add(CopyRows.storable(p.profile().id())));
        merged.keySet().forEach(id -> touched.add(CopyRows.storable(id)));
        store.inTransaction("apply identity changes up to log sequence " + toSequence, false, c -> {
            long applied;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT applied FROM identity_position FOR UPDATE")) {
                rs.next();
                applied = rs.getLong(1);
            }
            if (toSequence < applied) {
                throw new KithException(ErrorCode.CONFLICT, "identity changes up to log sequence " + toSequence
                        + " are older than the stored profiles (the store is at " + applied + ")");
            }
            if (!touched.isEmpty()) {
                Array ids = c.createArrayOf("text", touched.toArray());
                for (String delete : List.of("DELETE FROM profiles WHERE id = ANY (?)",
                        "DELETE FROM profile_identifiers WHERE profile_id = ANY (?)",
                        "DELETE FROM profile_traits WHERE profile_id = ANY (?)",
                        "DELETE FROM identity_decisions WHERE profile_id = ANY (?)",
                        "DELETE FROM profile_aliases WHERE id = ANY (?)")) {
                    try (PreparedStatement ps = c.prepareStatement(delete)) {
                        ps.setArray(1, ids);
                        ps.executeUpdate();
                    }
                }
            }
            if (!merged.isEmpty()) {
                repoint(c, merged);
            }
            if (!changed.isEmpty()) {
                copy(c, changed);
            }
            if (events.size() > 0) {
                copy(c, "event_profiles (seq, profile_id)", rows -> {
                    long[] seqs = events.sequences();
                    String[] ids = events.profileIds();
                    for (int i = 0; i < seqs.length; i++) {
                        rows.add(seqs[i]).add(ids[i]);
                        rows.endRow();
                    }
                });
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE identity_position SET applied = ?")) {
                ps.setLong(1, toSequence);
                ps.executeUpdate();
            }
            return null;
        });
    }


    /** Points the ids merged into the absorbed profiles before, and the absorbed ids themselves, at their survivors. */
    private static void repoint(Connection c, Map<String, String> merged) throws SQLException {
        Array absorbed = c.createArrayOf("text", merged.keySet().stream().map(CopyRows::storable).toArray());
        Array survivors = c.createArrayOf("text", merged.values().stream().map(CopyRows::storable).toArray());
        try (PreparedStatement ps = c.prepareStatement("UPDATE profile_aliases a SET profile_id = m.survivor "
                + "FROM unnest(?::text[], ?::text[]) AS m (absorbed, survivor) WHERE a.profile_id = m.absorbed")) {
            ps.setArray(1, absorbed);
            ps.setArray(2, survivors);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_aliases (id, profile_id) SELECT * FROM unnest(?::text[], ?::text[])")) {
            ps.setArray(1, absorbed);
            ps.setArray(2, survivors);
            ps.executeUpdate();
        }
    }

    /** The rows of the changed profiles, each table in one {@code COPY}. */
    private void copy(Connection c, List<StoredProfile> changed) throws SQLException {
        copy(c, "profiles (id, first_seen, last_seen, event_count, events_by_type, sources, brands, merged_from)", rows -> {
            for (StoredProfile sp : changed) {
                Profile p = sp.profile();
                rows.add(p.id());
                instant(rows, p.firstSeen());
                instant(rows, p.lastSeen());
                rows.add(p.eventCount()).add(json(p.eventsByType() == null ? Map.of() : p.eventsByType()))
                        .add(array(p.sources())).add(array(p.brands())).add(array(p.mergedFrom()));
                rows.endRow();
            }
        });
        List<StoredDecisions> logs = new ArrayList<>(changed.size());
        for (StoredProfile sp : changed) {
            logs.add(StoredDecisions.split(sp));
        }
        copy(c, "profile_identifiers (profile_id, ord, type, value, first_seen, linked_by_seq, anchor_type, anchor_value, decision_ord)", rows -> {
            for (int k = 0; k < changed.size(); k++) {
                StoredProfile sp = changed.get(k);
                StoredDecisions log = logs.get(k);
                int ord = 0;
                for (ProfileIdentifier pi : orEmpty(sp.profile().identifiers())) {
                    rows.add(sp.profile().id()).add(ord).add(pi.type()).add(pi.value());
                    instant(rows, pi.firstSeen());
                    rows.add(pi.linkedBySequence());
                    Decision.Linked linked = log.linked()[ord];
                    Identifier anchor = linked == null ? null : linked.anchor();
                    rows.add(anchor == null ? null : anchor.type()).add(anchor == null ? null : anchor.value());
                    if (linked == null) {
                        rows.add((String) null);
                    } else {
                        rows.add(log.linkedOrd()[ord]);
                    }
                    rows.endRow();
                    ord++;
                }
            }
        });
        copy(c, "profile_traits (profile_id, name, value, source_id, said_at, said_at_nanos, priority)", rows -> {
            for (StoredProfile sp : changed) {
                Map<String, Trait> traits = sp.profile().traits() == null ? Map.of() : sp.profile().traits();
                for (Map.Entry<String, Trait> t : traits.entrySet()) {
                    Trait trait = t.getValue();
                    rows.add(sp.profile().id()).add(t.getKey()).add(json(trait.value())).add(trait.sourceId());
                    instant(rows, trait.at());
                    rows.add(trait.at() == null ? 0 : trait.at().getNano() % 1_000).add(trait.priority());
                    rows.endRow();
                }
            }
        });
        copy(c, "identity_decisions (profile_id, ord, kind, seq, identifier_type, identifier_value, other_type, other_value, absorbed, reason)",
                rows -> {
                    for (int k = 0; k < changed.size(); k++) {
                        StoredDecisions log = logs.get(k);
                        for (int d = 0; d < log.others().size(); d++) {
                            rows.add(changed.get(k).profile().id()).add(log.otherOrd()[d]);
                            decision(rows, StoredDecisions.Row.of(log.others().get(d)));
                            rows.endRow();
                        }
                    }
                });
    }

    /** Rows for one {@code COPY}. */
    private interface Rows {
        void write(CopyRows rows) throws SQLException;
    }

    private static void copy(Connection c, String table, Rows rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        try {
            CopyRows out = new CopyRows(copy);
            rows.write(out);
            out.finish();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void decision(CopyRows rows, StoredDecisions.Row row) {
        rows.add(row.kind()).add(row.sequence())
                .add(row.identifier() == null ? null : row.identifier().type()).add(row.identifier() == null ? null : row.identifier().value())
                .add(row.other() == null ? null : row.other().type()).add(row.other() == null ? null : row.other().value())
                .add(row.absorbed()).add(row.reason());
    }

    private static <T> Collection<T> orEmpty(Collection<T> c) {
        return c == null ? List.of() : c;
    }

    private static void instant(CopyRows rows, Instant value) {
        if (value == null) {
            rows.add((String) null);
        } else {
            rows.add(value);
        }
    }

    /** A {@code text[]} literal: every element quoted, with its quotes and backslashes escaped. */
    private static String array(Collection<String> values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : orEmpty(values)) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"' || ch == '\\') {
                    b.append('\\');
                }
                b.append(ch);
            }
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** JSON text of a value; a string or name holding U+0000, which PostgreSQL cannot read as text, gets U+FFFD instead. */
    private String json(Object value) {
        try {
            String text = mapper.writeValueAsString(value);
            if (text.contains("\\u0000") && value instanceof JsonNode node) {
                text = mapper.writeValueAsString(withoutNul(node));
            }
            return text;
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot serialise a profile value: " + e.getMessage(), e);
        }
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(node.textValue().replace('\0', '\uFFFD'));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                copy.set(f.getKey().replace('\0', '\uFFFD'), withoutNul(f.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(withoutNul(e)));
            return copy;
        }
        return node;
    }

    @Override
    public void clear() {
        store.inTransaction("clear the identity tables", false, c -> {
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT applied FROM identity_position FOR UPDATE").close();
                s.execute("TRUNCATE profiles, profile_identifiers, profile_traits, identity_decisions, profile_aliases, event_profiles");
                s.execute("UPDATE identity_position SET applied = 0");
            }
            return null;
        });
    }

    @Override
    public Optional<String> lookup(Identifier identifier) {
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM profile_identifiers WHERE type = ? AND value = ?")) {
            ps.setString(1, CopyRows.storable(identifier.type()));
            ps.setString(2, CopyRows.storable(identifier.value()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw PostgresStore.failure("look up identifier " + identifier, e);
        }
    }

    /** Gives the writer lock up, if this store holds it: ends its session. */
    synchronized void close() {
        closed = true;
        if (writerSession != null) {
            try (PreparedStatement ps = writerSession.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, WRITER_LOCK);
                ps.execute();
            } catch (SQLException e) {
                // closing the session below releases it too
            }
            PostgresStore.closeQuietly(writerSession);
            writerSession = null;
        }
    }
}
