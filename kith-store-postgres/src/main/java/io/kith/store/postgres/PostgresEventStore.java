package io.kith.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.LogRecordCodec;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import io.kith.store.jdbc.JdbcEventStore;
import io.kith.store.jdbc.JdbcQuarantineStore;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The {@code events} table, shared by several servers: each batch is bulk-loaded with {@code COPY} and given the next
 * numbers of one store-wide sequence, in one transaction with this node's new log position.
 *
 * <p>Ordering. A batch is first copied into a temporary staging table, numbered 0..n-1 in batch order; the COPY, the
 * slow part, holds no lock. Then its transaction locks the one row of {@code event_sequence} ({@code SELECT ... FOR
 * UPDATE}) and keeps the lock until it commits; only under that lock does it read the counter, insert the staged rows
 * as {@code next + i} into {@code events}, advance the counter and write its position. A second applier, from this
 * process or another, blocks on the same row until the first commits (or rolls back), then reads the counter as the
 * first left it. So batches are applied one at a time, each one's sequences exceed every committed one's, and commit
 * order is sequence order: once a reader sees sequence s, no event below s can appear later, and {@link #scan} from
 * one past the last sequence seen misses nothing. The duplicate check ({@code ON CONFLICT (source_id, message_id) DO
 * NOTHING}) runs under the same lock and so sees every event stored before. Sequences of skipped duplicates are not
 * reused; a rolled-back batch leaves no gap.
 */
final class PostgresEventStore extends JdbcEventStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "seq, message_id, type, source_id, brand, user_id, anonymous_id, event, ts, received_at, json";

    private final PostgresStore store;
    private final String node;
    private final ObjectMapper mapper = new ObjectMapper();

    private final JdbcQuarantineStore quarantine;

    PostgresEventStore(PostgresStore store, String node, JdbcQuarantineStore quarantine) {
        super(store.database());
        this.store = store;
        this.node = node;
        this.quarantine = quarantine;
    }

    private record MessageKey(String sourceId, String messageId) {
    }

    @Override
    public long appliedSequence() {
        try (Connection c = store.connect()) {
            return applied(c);
        } catch (SQLException e) {
            throw PostgresStore.failure("read the applied log position of node " + node, e);
        }
    }

    private long applied(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT applied FROM log_position WHERE node = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public List<StoredEvent> apply(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long toSequence) {
        Set<MessageKey> keys = new HashSet<>();
        List<StoredEvent> unique = new ArrayList<>(batch.size());
        for (StoredEvent se : batch) {
            Event e = se.event();
            if (keys.add(new MessageKey(e.sourceId(), e.messageId()))) {
                unique.add(new StoredEvent(unique.size(), e));
            }
        }
        Rows rows = rows(unique);
        List<StoredEvent> staged = rows.events();
        return store.inTransaction("apply log records of node " + node + " up to " + toSequence, false, c -> {
            stage(c, rows);
            long next = lockSequence(c);
            long applied = applied(c);
            if (toSequence <= applied) {
                throw new KithException(ErrorCode.CONFLICT, "batch up to log sequence " + toSequence + " of node " + node
                        + " is already applied (the store is at " + applied + ")");
            }
            List<StoredEvent> stored = new ArrayList<>(staged.size());
            if (!staged.isEmpty()) {
                LongOpenHashSet inserted = insertStaged(c, next, true);
                for (StoredEvent se : staged) {
                    if (inserted.contains(next + se.sequence())) {
                        stored.add(new StoredEvent(next + se.sequence(), se.event()));
                    }
                }
                setNext(c, next + staged.size());
            }
            quarantine.insert(c, quarantined);
            setApplied(c, toSequence);
            return stored;
        });
    }

    @Override
    public void restore(List<StoredEvent> copied, List<QuarantinedEvent> quarantined, long appliedSequence) {
        Rows rows = rows(copied);
        List<StoredEvent> events = rows.events();
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).sequence() <= events.get(i - 1).sequence()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "cannot restore event " + events.get(i).event().messageId()
                        + " at sequence " + events.get(i).sequence() + ": events to restore must come in increasing sequence order");
            }
        }
        store.inTransaction("restore events of node " + node, false, c -> {
            stage(c, rows);
            long next = lockSequence(c);
            if (!events.isEmpty()) {
                long highest;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), -1) FROM events")) {
                    rs.next();
                    highest = rs.getLong(1);
                }
                StoredEvent first = events.get(0);
                if (first.sequence() <= highest) {
                    throw new KithException(ErrorCode.CONFLICT, "cannot restore event " + first.event().messageId() + " at sequence "
                            + first.sequence() + ": the store already holds sequences up to " + highest);
                }
                try {
                    insertStaged(c, 0, false);
                } catch (SQLException e) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw new KithException(ErrorCode.CONFLICT, "cannot restore events: " + e.getMessage(), e);
                    }
                    throw e;
                }
                setNext(c, Math.max(next, events.get(events.size() - 1).sequence() + 1));
            }
            quarantine.insert(c, quarantined);
            setApplied(c, appliedSequence);
            return null;
        });
    }

    /** Events to stage, each with its JSON text. */
    private record Rows(List<StoredEvent> events, List<String> json) {
    }

    /**
     * The events as this store can hold them, with their JSON text exactly as accepted (the log's bytes: numbers such as
     * {@code 19.90}, key order and white space as the client sent them; the {@code json} column keeps text as it is given).
     * The one exception: PostgreSQL cannot turn U+0000 into text, neither in a {@code text} column nor in a {@code json}
     * value read with {@code ->>} (one such value fails the query over every row), so in a string of an event it becomes
     * U+FFFD, and that event's JSON is written out again.
     */
    private Rows rows(List<StoredEvent> events) {
        List<StoredEvent> out = new ArrayList<>(events.size());
        List<String> json = new ArrayList<>(events.size());
        try {
            for (StoredEvent se : events) {
                String text = se.event().jsonText();
                if (text.contains("\\u0000")) {
                    JsonNode clean = withoutNul(se.event().json());
                    if (clean != se.event().json()) {
                        se = new StoredEvent(se.sequence(), LogRecordCodec.eventFromJson((ObjectNode) clean));
                        text = mapper.writeValueAsString(clean);
                    }
                }
                out.add(se);
                json.add(text);
            }
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot serialise an event: " + e.getMessage(), e);
        }
        return new Rows(out, json);
    }

    /** The node itself when none of its strings or field names holds U+0000, else a copy with U+FFFD in its place. */
    private static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return text.indexOf('\0') < 0 ? node : TextNode.valueOf(text.replace('\0', '\uFFFD'));
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); i++) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = withoutNul(field.getValue());
                boolean changed = value != field.getValue() || field.getKey().indexOf('\0') >= 0;
                if (changed && copy == null) {
                    copy = JsonNodeFactory.instance.objectNode();
                    Iterator<Map.Entry<String, JsonNode>> before = node.fields();
                    for (int j = 0; j < i; j++) {
                        Map.Entry<String, JsonNode> kept = before.next();
                        copy.set(kept.getKey(), kept.getValue());
                    }
                }
                if (copy != null) {
                    copy.set(field.getKey().replace('\0', '\uFFFD'), value);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = withoutNul(node.get(i));
                if (value != node.get(i) && copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode();
                    for (int j = 0; j < i; j++) {
                        copy.add(node.get(j));
                    }
                }
                if (copy != null) {
                    copy.add(value);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    /** Copies events into this session's staging table (emptied at commit), before the counter is locked. */
    private static void stage(Connection c, Rows staged) throws SQLException {
        List<StoredEvent> events = staged.events();
        if (events.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS events_staging (LIKE events) ON COMMIT DELETE ROWS");
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY events_staging (" + COLUMNS + ") FROM STDIN");
        try {
            CopyRows rows = new CopyRows(copy);
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i).event();
                rows.add(events.get(i).sequence()).add(e.messageId()).add(e.type().wireName()).add(e.sourceId()).add(e.brand())
                        .add(e.userId()).add(e.anonymousId()).add(e.name()).add(e.timestamp()).add(e.receivedAt()).add(staged.json().get(i));
                rows.endRow();
            }
            rows.finish();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** Locks the one row of the sequence counter until the transaction ends, and answers the next sequence. */
    /**
     * The committed counter: a server takes it {@code FOR UPDATE}, numbers its events from it and moves it in the same
     * transaction, so every sequence below the committed value belongs to a committed transaction.
     */
    @Override
    protected long committedEnd(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT next FROM event_sequence")) {
            return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        }
    }

    private static long lockSequence(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT next FROM event_sequence FOR UPDATE")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Moves the staged rows into {@code events} in sequence order, {@code offset} added to each, answering the sequences inserted. */
    private static LongOpenHashSet insertStaged(Connection c, long offset, boolean skipStored) throws SQLException {
        LongOpenHashSet inserted = new LongOpenHashSet();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (" + COLUMNS + ") SELECT seq + ?, "
                + COLUMNS.substring("seq, ".length()) + " FROM events_staging ORDER BY seq "
                + (skipStored ? "ON CONFLICT (source_id, message_id) DO NOTHING " : "") + "RETURNING seq")) {
            ps.setLong(1, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1));
                }
            }
        }
        return inserted;
    }

    private static void setNext(Connection c, long next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE event_sequence SET next = ?")) {
            ps.setLong(1, next);
            ps.executeUpdate();
        }
    }

    private void setApplied(Connection c, long applied) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_position (node, applied) VALUES (?, ?) "
                + "ON CONFLICT (node) DO UPDATE SET applied = excluded.applied")) {
            ps.setString(1, node);
            ps.setLong(2, applied);
            ps.executeUpdate();
        }
    }

    /**
     * Empties the events and the quarantine and resets the log position of every node, since every node's events are
     * gone; the sequence goes on from where it was, so that no number ever names two events.
     */
    @Override
    public void clear() {
        store.inTransaction("clear the events table", false, c -> {
            lockSequence(c);
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE events, quarantine");
                s.execute("DELETE FROM log_position");
            }
            return null;
        });
    }
}
