package io.kith.store.duckdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.EventStore;
import io.kith.event.StoredEventReader;
import io.kith.event.MessageKeys;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import io.kith.store.jdbc.JdbcQuarantineStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code events} table, filled through DuckDB's appender in one transaction with the new log position.
 * Writes are serialised on one connection (there is one projector); reads use their own connections.
 *
 * <p>Reads select the JSON as {@code encode(json)}: its UTF-8 bytes as a BLOB, which the driver's {@code getBytes} hands
 * over as the array it fetched (three times faster than a VARCHAR, which it decodes into a String that would only be
 * encoded again; {@code getBlob(...).getBytes} would copy the array).
 */
final class DuckDbEventStore implements EventStore {
    private final DuckDbStore store;
    private final DuckDBConnection writer;
    private final StoredEventReader reader = new StoredEventReader(new ObjectMapper());
    /**
     * The 64-bit dedup key ({@link MessageKeys#of}) of every stored event: DuckDB's appender checks no constraints. Read
     * on the first write, on the projector's thread, not when the store opens: at 10 M events reading every key takes
     * seconds that a start would otherwise spend before it serves (null until then).
     */
    private LongOpenHashSet stored;
    /** The last {@link #plan} and the batch it was made for; any write forgets it. */
    private NewEvents planned;
    private List<StoredEvent> plannedFor;

    /** The events of a batch the store will keep, each with its dedup key (worked out once, when planning). */
    private record NewEvents(List<StoredEvent> events, long[] keys) {
    }
    /** One past the highest stored sequence. */
    private long nextSequence;

    private final JdbcQuarantineStore quarantine;

    DuckDbEventStore(DuckDbStore store, JdbcQuarantineStore quarantine) {
        this.store = store;
        this.quarantine = quarantine;
        this.writer = (DuckDBConnection) store.connect();
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), -1) + 1 FROM events")) {
            rs.next();
            nextSequence = rs.getLong(1);
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the last event sequence", e);
        }
    }

    /** The dedup keys of every stored event, read from the table the first time they are needed. */
    private LongOpenHashSet stored() {
        if (stored == null) {
            LongOpenHashSet keys = new LongOpenHashSet();
            // The two ids joined and taken as bytes: decoding millions of them into Strings only to encode them again for the
            // hash was most of the time reading them took.
            String query = "SELECT encode(source_id || chr(" + MessageKeys.SEPARATOR + ") || message_id) FROM events";
            try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    keys.add(MessageKeys.ofJoined(rs.getBytes(1)));
                }
            } catch (SQLException e) {
                throw DuckDbStore.failure("read message ids", e);
            }
            stored = keys;
        }
        return stored;
    }

    @Override
    public long appliedSequence() {
        try (Connection c = store.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT applied FROM log_position WHERE projection = 'events'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the applied log position", e);
        }
    }

    @Override
    public synchronized Optional<List<StoredEvent>> plan(List<StoredEvent> batch) {
        planned = newEvents(batch);
        plannedFor = batch;
        return Optional.of(planned.events());
    }

    @Override
    public synchronized List<StoredEvent> apply(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long toSequence) {
        // The plan of this very batch, when it was just made (nothing was stored since), else a new one.
        NewEvents events = plannedFor == batch ? planned : newEvents(batch);
        plannedFor = null;
        planned = null;
        write(events, quarantined, toSequence, true);
        return events.events();
    }

    /** The events of a batch this store does not hold yet (nor earlier in the batch), each with the sequence it gets. */
    private NewEvents newEvents(List<StoredEvent> batch) {
        LongOpenHashSet seen = new LongOpenHashSet();
        List<StoredEvent> events = new ArrayList<>(batch.size());
        long[] keys = new long[batch.size()];
        long next = nextSequence;
        for (StoredEvent se : batch) {
            long key = MessageKeys.of(se.event().sourceId(), se.event().messageId());
            if (!stored().contains(key) && seen.add(key)) {
                // The log sequence, unless a store copied from another engine already holds higher ones.
                long seq = Math.max(se.sequence(), next);
                keys[events.size()] = key;
                events.add(seq == se.sequence() ? se : new StoredEvent(seq, se.event()));
                next = seq + 1;
            }
        }
        return new NewEvents(events, keys);
    }

    @Override
    public synchronized void restore(List<StoredEvent> events, List<QuarantinedEvent> quarantined, long appliedSequence) {
        plannedFor = null;
        planned = null;
        long next = nextSequence;
        for (StoredEvent se : events) {
            if (se.sequence() < next) {
                throw new KithException(ErrorCode.CONFLICT, "cannot restore event " + se.event().messageId() + " at sequence "
                        + se.sequence() + ": the store already holds sequences up to " + (nextSequence - 1));
            }
            next = se.sequence() + 1;
        }
        long[] keys = new long[events.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = MessageKeys.of(events.get(i).event().sourceId(), events.get(i).event().messageId());
        }
        write(new NewEvents(events, keys), quarantined, appliedSequence, false);
    }

    private void write(NewEvents toWrite, List<QuarantinedEvent> quarantined, long toSequence, boolean advancing) {
        List<StoredEvent> events = toWrite.events();
        try {
            writer.setAutoCommit(false);
            try {
                long applied;
                try (Statement s = writer.createStatement();
                     ResultSet rs = s.executeQuery("SELECT applied FROM log_position WHERE projection = 'events'")) {
                    rs.next();
                    applied = rs.getLong(1);
                }
                if (advancing && toSequence <= applied) {
                    throw new KithException(ErrorCode.CONFLICT, "batch up to log sequence " + toSequence
                            + " is already applied (the store is at " + applied + ")");
                }
                if (!events.isEmpty()) {
                    try (DuckDBAppender a = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                        for (StoredEvent se : events) {
                            Event e = se.event();
                            a.beginRow();
                            a.append(se.sequence());
                            a.append(e.messageId());
                            a.append(e.type().wireName());
                            a.append(e.sourceId());
                            a.append(e.brand());
                            appendNullable(a, e.userId());
                            appendNullable(a, e.anonymousId());
                            appendNullable(a, e.name());
                            a.append(OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
                            a.append(OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC));
                            a.append(e.jsonBytes()); // UTF-8 as stored: no String made only to be encoded again
                            a.endRow();
                        }
                        a.flush();
                    }
                }
                quarantine.insert(writer, quarantined);
                try (PreparedStatement ps = writer.prepareStatement("UPDATE log_position SET applied = ? WHERE projection = 'events'")) {
                    ps.setLong(1, toSequence);
                    ps.executeUpdate();
                }
                LongOpenHashSet keys = stored(); // read when the batch was planned; a restore (not planned) reads it here
                writer.commit();
                for (int i = 0; i < events.size(); i++) {
                    keys.add(toWrite.keys()[i]);
                }
                if (!events.isEmpty()) {
                    nextSequence = events.get(events.size() - 1).sequence() + 1;
                }
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("apply log records up to " + toSequence, e);
        }
    }

    private static void appendNullable(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    @Override
    public Optional<StoredEvent> bySequence(long sequence) {
        List<StoredEvent> found = bySequences(new long[] {sequence});
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<StoredEvent> bySequences(long[] sequences) {
        if (sequences.length == 0) {
            return List.of();
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < sequences.length; i++) {
            in.append(i == 0 ? "" : ",").append(sequences[i]);
        }
        Map<Long, StoredEvent> found = new HashMap<>();
        try (Connection c = store.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, encode(json) FROM events WHERE seq IN (" + in + ")")) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                found.put(seq, new StoredEvent(seq, reader.read(rs.getBytes(2))));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("read events by sequence", e);
        }
        List<StoredEvent> out = new ArrayList<>(found.size());
        for (long seq : sequences) {
            StoredEvent e = found.get(seq);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public List<StoredEvent> scan(long fromSequence, int max) {
        /*
         * A range of sequences rather than ORDER BY seq LIMIT max: DuckDB skips the row groups whose min/max of seq lie
         * outside the range, where the LIMIT form reads every row after fromSequence, so a replay of the whole table
         * in batches would cost quadratic time. Sequences are unique, so a range of max sequences holds at most max
         * events; after an empty range (a gap, e.g. a run of quarantined records) the scan jumps to the next stored sequence.
         */
        List<StoredEvent> out = new ArrayList<>(Math.min(max, 10_000));
        long from = fromSequence;
        try (Connection c = store.connect();
             PreparedStatement range = c.prepareStatement("SELECT seq, encode(json) FROM events WHERE seq >= ? AND seq < ? ORDER BY seq");
             PreparedStatement next = c.prepareStatement("SELECT min(seq) FROM events WHERE seq >= ?")) {
            while (out.size() < max) {
                int before = out.size();
                long to = from > Long.MAX_VALUE - (max - before) ? Long.MAX_VALUE : from + (max - before);
                range.setLong(1, from);
                range.setLong(2, to);
                try (ResultSet rs = range.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredEvent(rs.getLong(1), reader.read(rs.getBytes(2))));
                    }
                }
                if (out.size() > before || to == Long.MAX_VALUE) {
                    from = to;
                    continue;
                }
                next.setLong(1, to);
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    from = rs.getLong(1);
                    if (rs.wasNull()) {
                        break;
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw DuckDbStore.failure("scan events from sequence " + fromSequence, e);
        }
    }

    @Override
    public RangeReader rangeReader() {
        Connection c = store.connect();
        PreparedStatement range;
        try {
            // No ORDER BY: the rows come in the order they were appended, which is sequence order, and DuckDB would sort
            // the range (its JSON included) to be sure; a list of the range is checked and sorted only if it must be,
            // and a visitor of the range takes the rows in any order.
            range = c.prepareStatement("SELECT seq, encode(json) FROM events WHERE seq >= ? AND seq < ?");
        } catch (SQLException e) {
            DuckDbStore.closeQuietly(c);
            throw DuckDbStore.failure("prepare a scan of the events", e);
        }
        return new RangeReader() {
            @Override
            public void visitRange(long fromSequence, long toSequence, Visitor visit) {
                if (toSequence <= fromSequence) {
                    return;
                }
                try {
                    range.setLong(1, fromSequence);
                    range.setLong(2, toSequence);
                    try (ResultSet rs = range.executeQuery()) {
                        while (rs.next()) {
                            visit.accept(rs.getLong(1), reader.read(rs.getBytes(2)));
                        }
                    }
                } catch (SQLException e) {
                    throw DuckDbStore.failure("scan events from sequence " + fromSequence + " to " + toSequence, e);
                }
            }

            @Override
            public void close() {
                DuckDbStore.closeQuietly(range);
                DuckDbStore.closeQuietly(c);
            }
        };
    }

    @Override
    public long lastSequence() {
        try (Connection c = store.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), -1) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the last event sequence", e);
        }
    }

    @Override
    public long countEvents() {
        try (Connection c = store.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw DuckDbStore.failure("count events", e);
        }
    }

    @Override
    public synchronized void clear() {
        plannedFor = null;
        planned = null;
        try (Statement s = writer.createStatement()) {
            writer.setAutoCommit(false);
            DuckDbStore.emptyTables(writer, "events", "quarantine");
            s.execute("UPDATE log_position SET applied = 0 WHERE projection = 'events'");
            writer.commit();
            stored = new LongOpenHashSet();
            nextSequence = 0;
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            throw DuckDbStore.failure("clear the events table", e);
        }
    }

    void close() throws SQLException {
        writer.close();
    }
}
