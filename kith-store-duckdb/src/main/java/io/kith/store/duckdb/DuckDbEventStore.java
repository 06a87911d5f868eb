package io.kith.store.duckdb;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.EventStore;
import io.kith.event.MessageKeys;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import io.kith.store.jdbc.Database;
import io.kith.store.jdbc.JdbcEventStore;
import io.kith.store.jdbc.JdbcQuarantineStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code events} table, filled through DuckDB's appender in one transaction with the new log position.
 * Writes are serialised on one connection (there is one projector); reads use their own connections.
 * Reads are {@link JdbcEventStore}'s, as on PostgreSQL.
 */
final class DuckDbEventStore extends JdbcEventStore {
    private final DuckDbStore store;
    private final DuckDBConnection writer;
    /** The connection {@link #plan} settles a "maybe" on: the writer's may be in the middle of a write. */
    private final Connection planReader;
    /**
     * Guards what a plan is made from, which the writer's thread changes as it commits: the key filter, {@link #nextSequence},
     * the batch being written and the plans not yet applied. Held briefly: never across a write.
     */
    private final Object planning = new Object();
    /** Which dedup keys the table may hold ("maybe" is settled against the rows): DuckDB's appender checks no constraints. */
    private MessageKeyFilter stored;
    private final KeyHash keyHash;
    /** The batch being written (committed or not), counted as stored by the plans made meanwhile. */
    private Plan writing;
    /** Plans made and not yet applied, oldest first: each counts the ones before it, and the batch being written, as stored. */
    private final java.util.ArrayDeque<Plan> plans = new java.util.ArrayDeque<>();

    /** The events of a batch the store will keep, each with its dedup key (worked out once, when planning). */
    private record NewEvents(List<StoredEvent> events, long[] keys) {
        /** Whether these events hold one with this key and these ids (the index is by key; a shared key compares ids). */
        boolean holds(Long2IntOpenHashMap byKey, long key, String sourceId, String messageId) {
            int i = byKey.get(key);
            if (i < 0) {
                return false;
            }
            if (sameIds(events.get(i).event(), sourceId, messageId)) {
                return true;
            }
            for (int j = i + 1; j < keys.length; j++) { // a 64-bit collision: rare enough for a scan
                if (keys[j] == key && sameIds(events.get(j).event(), sourceId, messageId)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sameIds(Event e, String sourceId, String messageId) {
            return e.sourceId().equals(sourceId) && e.messageId().equals(messageId);
        }
    }

    /**
     * A plan of one batch ({@code batch}, the very list planned): what it will store, made when the store's next sequence
     * was to be {@code base} after the batches before it.
     */
    private static final class Plan {
        final List<StoredEvent> batch;
        final NewEvents events;
        final long base;
        /** One past the highest sequence it gives (its base when it stores nothing). */
        final long next;
        private Long2IntOpenHashMap byKey;

        Plan(List<StoredEvent> batch, NewEvents events, long base) {
            this.batch = batch;
            this.events = events;
            this.base = base;
            List<StoredEvent> e = events.events();
            this.next = e.isEmpty() ? base : e.get(e.size() - 1).sequence() + 1;
        }

        /** The first index of each key, made when a later plan first asks (under {@code planning}). */
        boolean holds(long key, String sourceId, String messageId) {
            if (byKey == null) {
                long[] keys = events.keys();
                byKey = new Long2IntOpenHashMap(keys.length);
                byKey.defaultReturnValue(-1);
                for (int i = keys.length - 1; i >= 0; i--) {
                    byKey.put(keys[i], i);
                }
            }
            return events.holds(byKey, key, sourceId, messageId);
        }
    }

    /** One past the highest committed sequence. */
    private long nextSequence;

    private final JdbcQuarantineStore quarantine;

    /** The 64-bit hash of an event's source id and messageId ({@link MessageKeys#of}); tests pass one that collides. */
    interface KeyHash {
        KeyHash MESSAGE_KEYS = MessageKeys::of;

        long of(String sourceId, String messageId);
    }

    DuckDbEventStore(DuckDbStore store, JdbcQuarantineStore quarantine, KeyHash keyHash) {
        super(store.database());
        this.store = store;
        this.quarantine = quarantine;
        this.keyHash = keyHash;
        this.writer = (DuckDBConnection) store.connect();
        this.planReader = store.connect();
        try {
            fillMissingKeys();
            long rows = countEvents();
            nextSequence = lastSequence() + 1;
            Path saved = filterFile();
            // The filter written at the last clean close, if the table is still as it described; else one built from the
            // key column (10 M events: one BIGINT column read, about a second), never from the ids themselves.
            this.stored = MessageKeyFilter.readFrom(saved)
                    .filter(f -> f.rows() == rows && f.lastSequence() == nextSequence - 1)
                    .map(MessageKeyFilter.Saved::filter)
                    .orElseGet(() -> filterFromTable(rows));
            // Taken: a crash from here on leaves no file that could describe a table it no longer matches.
            Files.deleteIfExists(saved);
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the message keys", e);
        } catch (java.io.IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot remove " + filterFile() + ": " + e.getMessage(), e);
        }
    }

    private Path filterFile() {
        return store.file().resolveSibling(store.file().getFileName() + ".keys");
    }

    /** Rows written before the key column existed (or by hand, as the benchmarks do) get their key once. */
    private void fillMissingKeys() throws SQLException {
        try (Statement s = writer.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE key_hash IS NULL")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            s.execute("CREATE OR REPLACE TABLE kith_key_fill (seq BIGINT, key_hash BIGINT)");
            try (Connection read = store.connect(); Statement r = read.createStatement();
                 ResultSet rs = r.executeQuery("SELECT seq, source_id, message_id FROM events WHERE key_hash IS NULL");
                 DuckDBAppender a = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "kith_key_fill")) {
                while (rs.next()) {
                    a.beginRow();
                    a.append(rs.getLong(1));
                    a.append(keyHash.of(rs.getString(2), rs.getString(3)));
                    a.endRow();
                }
            }
            s.execute("UPDATE events SET key_hash = k.key_hash FROM kith_key_fill k WHERE events.seq = k.seq");
            s.execute("DROP TABLE kith_key_fill");
        }
    }

    /**
     * The fewest keys a filter is sized for: 4 MB. Each time the filter fills, the whole key column is read again to build
     * a larger one; from the smallest filter, a store filling from empty read it about ten times on its way to a million
     * events (a sixth of the store thread's Java samples in {@code bench rebuild} at 1 M events); from here, not once.
     */
    static final long FEWEST_KEYS = 1L << 20;

    /** A filter of every key in the table, sized for half as many again (6 bytes per stored event, 4 when full). */
    private MessageKeyFilter filterFromTable(long rows) {
        MessageKeyFilter f = MessageKeyFilter.forKeys(Math.max(FEWEST_KEYS, rows + rows / 2));
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT key_hash FROM events")) {
            while (rs.next()) {
                f.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the message keys", e);
        }
        return f;
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

    /**
     * Plans a batch on top of the batch being written and the plans not applied yet (the projector plans the next batch
     * while its store thread writes this one). A batch that starts at or before the end of an outstanding plan is planned
     * again: the plans from there on were given up.
     */
    @Override
    public Optional<List<StoredEvent>> plan(List<StoredEvent> batch) {
        synchronized (planning) {
            Plan last = plans.peekLast();
            if (last != null && EventStore.plansAgain(last.batch, batch)) {
                plans.clear();
            }
            Plan p = newPlan(batch);
            plans.addLast(p);
            return Optional.of(p.events.events());
        }
    }

    /**
     * Writes a batch: as its plan said, when it is the oldest plan not applied and was made on what is now stored; else
     * (not planned, or planned behind a plan that was given up) worked out afresh, forgetting the plans outstanding.
     */
    @Override
    public synchronized List<StoredEvent> apply(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long toSequence) {
        Plan p;
        synchronized (planning) {
            Plan head = plans.peekFirst();
            if (head != null && head.batch == batch && head.base == nextSequence) {
                p = plans.removeFirst();
            } else {
                plans.clear();
                p = newPlan(batch);
            }
            writing = p;
        }
        write(p.events, quarantined, toSequence, true);
        return p.events.events();
    }

    /** A plan of {@code batch} on top of what is stored, being written and planned (called under {@link #planning}). */
    private Plan newPlan(List<StoredEvent> batch) {
        Plan last = plans.peekLast();
        long base = last != null ? last.next : writing != null ? writing.next : nextSequence;
        return new Plan(batch, newEvents(batch, base), base);
    }

    /**
     * The events of a batch this store does not hold yet (nor earlier in the batch, nor in the batch being written or
     * planned), each with the sequence it gets, from {@code next} on. Called under {@link #planning}.
     */
    private NewEvents newEvents(List<StoredEvent> batch, long next) {
        // First the batch against itself: by key, and by ids only where two keys are equal (a retry, or a collision).
        Long2IntOpenHashMap firstWithKey = new Long2IntOpenHashMap(batch.size());
        firstWithKey.defaultReturnValue(-1);
        Set<String> sharedKeyIds = null;
        boolean unstored = writing != null || !plans.isEmpty();
        List<StoredEvent> fresh = new ArrayList<>(batch.size());
        long[] freshKeys = new long[batch.size()];
        LongArrayList maybeStored = new LongArrayList();
        for (StoredEvent se : batch) {
            Event e = se.event();
            long key = keyHash.of(e.sourceId(), e.messageId());
            int earlier = firstWithKey.putIfAbsent(key, fresh.size());
            if (earlier >= 0) {
                if (sharedKeyIds == null) {
                    sharedKeyIds = new HashSet<>();
                }
                Event first = fresh.get(earlier).event();
                sharedKeyIds.add(ids(first.sourceId(), first.messageId()));
                if (!sharedKeyIds.add(ids(e.sourceId(), e.messageId()))) {
                    continue; // the same ids earlier in the batch
                }
            }
            if (unstored && inUnstored(key, e.sourceId(), e.messageId())) {
                continue; // in the batch being written, or in an earlier plan
            }
            if (stored.mightContain(key)) {
                maybeStored.add(key);
            }
            freshKeys[fresh.size()] = key;
            fresh.add(se);
        }
        Set<String> alreadyStored = maybeStored.isEmpty() ? Set.of() : storedIds(maybeStored);
        List<StoredEvent> events = new ArrayList<>(fresh.size());
        long[] keys = new long[fresh.size()];
        for (int i = 0; i < fresh.size(); i++) {
            StoredEvent se = fresh.get(i);
            if (!alreadyStored.isEmpty() && alreadyStored.contains(ids(se.event().sourceId(), se.event().messageId()))) {
                continue;
            }
            // The log sequence, unless a store copied from another engine already holds higher ones.
            long seq = Math.max(se.sequence(), next);
            keys[events.size()] = freshKeys[i];
            events.add(seq == se.sequence() ? se : new StoredEvent(seq, se.event()));
            next = seq + 1;
        }
        return new NewEvents(events, events.size() == keys.length ? keys : java.util.Arrays.copyOf(keys, events.size()));
    }

    /** Whether the batch being written or a plan not yet applied holds this event (called under {@link #planning}). */
    private boolean inUnstored(long key, String sourceId, String messageId) {
        if (writing != null && writing.holds(key, sourceId, messageId)) {
            return true;
        }
        for (Plan p : plans) {
            if (p.holds(key, sourceId, messageId)) {
                return true;
            }
        }
        return false;
    }

    private static String ids(String sourceId, String messageId) {
        return sourceId + (char) MessageKeys.SEPARATOR + messageId;
    }

    /**
     * The ids of the stored events whose key is one of {@code keys}: what settles the filter's "maybe" exactly. One read
     * of the key column (about a millisecond per million rows); a batch of new events needs it rarely, a retry always.
     */
    private Set<String> storedIds(LongArrayList keys) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            in.append(i == 0 ? "" : ",").append(keys.getLong(i));
        }
        Set<String> found = new HashSet<>();
        try (Statement s = planReader.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_id, message_id FROM events WHERE key_hash IN (" + in + ")")) {
            while (rs.next()) {
                found.add(ids(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("look up stored message ids", e);
        }
        return found;
    }

    @Override
    public synchronized void restore(List<StoredEvent> events, List<QuarantinedEvent> quarantined, long appliedSequence) {
        synchronized (planning) {
            plans.clear();
        }
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
            keys[i] = keyHash.of(events.get(i).event().sourceId(), events.get(i).event().messageId());
        }
        write(new NewEvents(events, keys), quarantined, appliedSequence, false);
    }

    /**
     * Writes the events in one transaction with the new log position, then counts them as stored: their keys in the filter
     * and the next sequence after them. A write that fails forgets the plans outstanding (they counted it as stored).
     */
    private void write(NewEvents toWrite, List<QuarantinedEvent> quarantined, long toSequence, boolean advancing) {
        try {
            insert(toWrite, quarantined, toSequence, advancing);
        } catch (RuntimeException e) {
            synchronized (planning) {
                writing = null;
                plans.clear();
            }
            throw e;
        }
        List<StoredEvent> events = toWrite.events();
        boolean full;
        synchronized (planning) {
            for (int i = 0; i < events.size(); i++) {
                stored.add(toWrite.keys()[i]);
            }
            if (!events.isEmpty()) {
                nextSequence = events.get(events.size() - 1).sequence() + 1;
            }
            writing = null;
            full = stored.full();
        }
        if (full) {
            // Grows: half as many again as the rows it now holds. Built outside the lock (a plan meanwhile uses the old one);
            // only this thread adds keys, so none is missed.
            MessageKeyFilter grown = filterFromTable(countEvents());
            synchronized (planning) {
                stored = grown;
            }
        }
    }

    private void insert(NewEvents toWrite, List<QuarantinedEvent> quarantined, long toSequence, boolean advancing) {
        List<StoredEvent> events = toWrite.events();
        try {
            Database.inTransaction(writer, c -> {
                long applied;
                try (Statement s = c.createStatement();
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
                        int i = 0;
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
                            // Microseconds since the epoch, as DuckDB holds a TIMESTAMPTZ: no OffsetDateTime made per value.
                            a.appendEpochMicros(epochMicros(e.timestamp()));
                            a.appendEpochMicros(epochMicros(e.receivedAt()));
                            a.append(e.jsonBytes()); // UTF-8 as stored: no String made only to be encoded again
                            a.append(toWrite.keys()[i++]);
                            a.endRow();
                        }
                        a.flush();
                    }
                }
                quarantine.insert(c, quarantined);
                try (PreparedStatement ps = c.prepareStatement("UPDATE log_position SET applied = ? WHERE projection = 'events'")) {
                    ps.setLong(1, toSequence);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw DuckDbStore.failure("apply log records up to " + toSequence, e);
        }
    }

    /** An instant in whole microseconds (DuckDB's precision); an instant beyond a long's range of them fails, not wraps. */
    static long epochMicros(java.time.Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static void appendNullable(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    @Override
    public synchronized void clear() {
        synchronized (planning) {
            plans.clear();
        }
        try {
            Database.inTransaction(writer, c -> {
                try (Statement s = c.createStatement()) {
                    DuckDbStore.emptyTables(c, "events", "quarantine");
                    s.execute("UPDATE log_position SET applied = 0 WHERE projection = 'events'");
                }
                return null;
            });
        } catch (SQLException e) {
            throw DuckDbStore.failure("clear the events table", e);
        }
        synchronized (planning) {
            stored = MessageKeyFilter.forKeys(FEWEST_KEYS);
            nextSequence = 0;
        }
    }

    /** Closes the writer, leaving the filter for the next open (which takes it only if the table is unchanged). */
    synchronized void close() throws SQLException {
        try {
            stored.writeTo(filterFile(), countEvents(), nextSequence - 1);
        } catch (java.io.IOException | RuntimeException e) {
            // the next open builds it from the key column instead
        }
        writer.close();
        planReader.close();
    }
}
