package io.kith.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.event.StoredEventReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of the {@code events} table, written once for both engines; an engine's event store adds its writes (each
 * engine's bulk path, de-duplication and log position). Events are read as the UTF-8 bytes they were accepted as
 * ({@link Dialect#eventJson()}), never through a String made only to be encoded again.
 */
public abstract class JdbcEventStore implements EventStore {
    protected final Database db;
    private final StoredEventReader reader = new StoredEventReader(new ObjectMapper());
    private final String json;

    protected JdbcEventStore(Database db) {
        this.db = db;
        this.json = db.dialect().eventJson();
    }

    @Override
    public Optional<StoredEvent> bySequence(long sequence) {
        List<StoredEvent> found = bySequences(new long[] {sequence});
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Sequences per lookup query: DuckDB reads an IN list through its ART index on {@code seq} only while at most
     * max(index_scan_max_count 2,048, 0.1 % of the rows) match; past that the list became a hash join over every row
     * group between the lowest and highest sequence asked for.
     */
    private static final int LOOKUPS_AT_ONCE = 2_000;

    /** Sequences per query of a span scan: each query's rows are held by the driver until read (50-100 MB of JSON). */
    private static final long SCAN_WIDTH = 100_000;

    @Override
    public List<StoredEvent> bySequences(long[] sequences) {
        if (sequences.length == 0) {
            return List.of();
        }
        long[] sorted = sequences.clone();
        java.util.Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        long span = sorted[n - 1] - sorted[0] >= 0 ? sorted[n - 1] - sorted[0] + 1 : Long.MAX_VALUE; // no overflow on wild sequences
        Map<Long, StoredEvent> found = new HashMap<>(Math.max(16, n * 2));
        /*
         * Index lookups, or one scan of the span where the sequences lie dense enough in it. A whole pass of the segment
         * engine over 100,000 customers (7.7 M events) read each person's events by lookups of 2,000 sequences spread
         * over the whole table, decompressing a vector of JSON per row, and ran past an hour; the engine's dialect says
         * where a scan becomes cheaper.
         */
        if (n > LOOKUPS_AT_ONCE && (double) n * db.dialect().rowsScannedPerLookup() >= span) {
            scanFor(sorted, n, found);
        } else {
            for (int from = 0; from < n; from += LOOKUPS_AT_ONCE) {
                lookup(sorted, from, Math.min(n, from + LOOKUPS_AT_ONCE), found);
            }
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
    public Map<Long, io.kith.event.EventStamp> stamps(long[] sequences) {
        long[] sorted = java.util.Arrays.stream(sequences).distinct().sorted().toArray();
        Map<Long, io.kith.event.EventStamp> out = new HashMap<>(Math.max(16, sorted.length * 2));
        for (int from = 0; from < sorted.length; from += LOOKUPS_AT_ONCE) {
            byIndex(sorted, from, Math.min(sorted.length, from + LOOKUPS_AT_ONCE), "seq, ts, brand", "read event times by sequence",
                    rs -> out.put(rs.getLong(1), new io.kith.event.EventStamp(rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), rs.getString(3))));
        }
        return out;
    }

    /** Reads sorted[from, to) through the index. */
    private void lookup(long[] sorted, int from, int to, Map<Long, StoredEvent> found) {
        byIndex(sorted, from, to, "seq, " + json, "read events by sequence", rs -> {
            StoredEvent e = read(rs);
            found.put(e.sequence(), e);
        });
    }

    /** One row of a query's answer, read where it stands. */
    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Reads {@code columns} of the events at sorted[from, to) through the index: one query, the sequences in an IN list
     * (PostgreSQL's primary key, DuckDB's ART), each row handed to {@code row}.
     */
    private void byIndex(long[] sorted, int from, int to, String columns, String what, Row row) {
        StringBuilder in = new StringBuilder();
        for (int i = from; i < to; i++) {
            in.append(i == from ? "" : ",").append(sorted[i]);
        }
        db.run(what, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + columns + " FROM events WHERE seq IN (" + in + ")")) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
            return null;
        });
    }

    /**
     * Reads the first n of these sorted sequences by scanning ranges of the table from each one not yet read; a row
     * that was not asked for is skipped before its JSON is fetched or parsed.
     */
    private void scanFor(long[] sorted, int n, Map<Long, StoredEvent> found) {
        db.run("read " + n + " events by scanning sequences " + sorted[0] + " to " + sorted[n - 1], c -> {
            try (PreparedStatement range = c.prepareStatement("SELECT seq, " + json + " FROM events WHERE seq >= ? AND seq < ?")) {
                int i = 0;
                while (i < n) {
                    long from = sorted[i];
                    long to = from > Long.MAX_VALUE - SCAN_WIDTH ? Long.MAX_VALUE : from + SCAN_WIDTH;
                    range.setLong(1, from);
                    range.setLong(2, to);
                    try (ResultSet rs = range.executeQuery()) {
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            if (java.util.Arrays.binarySearch(sorted, i, n, seq) >= 0) {
                                found.put(seq, new StoredEvent(seq, reader.read(rs.getBytes(2))));
                            }
                        }
                    }
                    while (i < n && (sorted[i] < to || to == Long.MAX_VALUE)) {
                        i++;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public List<StoredEvent> scan(long fromSequence, int max) {
        /*
         * A range of sequences rather than ORDER BY seq LIMIT max: DuckDB skips the row groups whose min/max of seq lie
         * outside the range, where the LIMIT form reads every row after fromSequence, so a replay of the whole table
         * in batches would cost quadratic time. Sequences are unique, so a range of max sequences holds at most max
         * events; after an empty range (a gap: quarantined records, or PostgreSQL's numbers given to duplicates) the
         * scan jumps to the first stored sequence at or after the range's start.
         *
         * On a shared store the scan reads only below the committed end (committedEnd): another server's events past
         * it may be numbered and not yet committed, and a later statement of this scan that saw later ones committed
         * would step over them for good (PostgresSharedStoreTest's follower missed events so under load, twice).
         */
        return db.run("scan events from sequence " + fromSequence, c -> {
            List<StoredEvent> out = new ArrayList<>(Math.min(max, 10_000));
            long from = fromSequence;
            long end = committedEnd(c);
            try (PreparedStatement range = c.prepareStatement("SELECT seq, " + json + " FROM events WHERE seq >= ? AND seq < ? ORDER BY seq");
                 PreparedStatement next = c.prepareStatement("SELECT min(seq) FROM events WHERE seq >= ? AND seq < ?")) {
                while (out.size() < max && from < end) {
                    int before = out.size();
                    long to = Math.min(end, from > Long.MAX_VALUE - (max - before) ? Long.MAX_VALUE : from + (max - before));
                    range.setLong(1, from);
                    range.setLong(2, to);
                    try (ResultSet rs = range.executeQuery()) {
                        while (rs.next()) {
                            out.add(read(rs));
                        }
                    }
                    if (out.size() > before || to == end) {
                        from = to;
                        continue;
                    }
                    // From the start of the empty range, not its end (below the committed end nothing changes, but the
                    // empty range is cheap to look past this way too).
                    next.setLong(1, from);
                    next.setLong(2, end);
                    try (ResultSet rs = next.executeQuery()) {
                        rs.next();
                        from = rs.getLong(1);
                        if (rs.wasNull()) {
                            break;
                        }
                    }
                }
            }
            return out;
        });
    }

    /**
     * One past the last sequence whose events are all committed, read before a scan's ranges: below it the visible
     * events are final (a missing sequence there is a gap for good). {@link Long#MAX_VALUE} where one writer numbers
     * and commits in the same step (the embedded store); a shared store, whose servers number events under a lock and
     * commit in that order, answers its committed counter.
     */
    protected long committedEnd(java.sql.Connection c) throws java.sql.SQLException {
        return Long.MAX_VALUE;
    }

    /**
     * A pooled database gives a connection for each range back after it (a rebuild runs a reader per core, and readers
     * holding one each for the whole replay could take all the pool has); an embedded one keeps one per reader.
     */
    @Override
    public RangeReader rangeReader() {
        // No ORDER BY: the rows come in the order they were appended, which is sequence order on DuckDB, and a visitor
        // takes the rows in any order; a list of the range is checked and sorted only if it must be.
        String sql = "SELECT seq, " + json + " FROM events WHERE seq >= ? AND seq < ?";
        Connection held = db.pooled() ? null : db.connect();
        return new RangeReader() {
            @Override
            public void visitRange(long fromSequence, long toSequence, Visitor visit) {
                if (toSequence <= fromSequence) {
                    return;
                }
                Connection c = held != null ? held : db.connect();
                try (PreparedStatement range = c.prepareStatement(sql)) {
                    range.setLong(1, fromSequence);
                    range.setLong(2, toSequence);
                    try (ResultSet rs = range.executeQuery()) {
                        while (rs.next()) {
                            visit.accept(rs.getLong(1), reader.read(rs.getBytes(2)));
                        }
                    }
                } catch (SQLException e) {
                    throw db.failure("scan events from sequence " + fromSequence + " to " + toSequence, e);
                } finally {
                    if (held == null) {
                        Database.closeQuietly(c);
                    }
                }
            }

            @Override
            public void close() {
                if (held != null) {
                    Database.closeQuietly(held);
                }
            }
        };
    }

    @Override
    public long lastSequence() {
        return count("read the last event sequence", "SELECT coalesce(max(seq), -1) FROM events");
    }

    @Override
    public long countEvents() {
        return count("count events", "SELECT count(*) FROM events");
    }

    private long count(String what, String sql) {
        return db.run(what, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), reader.read(rs.getBytes(2)));
    }
}
