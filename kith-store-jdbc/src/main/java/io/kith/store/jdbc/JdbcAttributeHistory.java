package io.kith.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.Event;
import io.kith.event.EventType;
import io.kith.event.StoredEventReader;
import io.kith.profile.AttributeHistory;
import io.kith.profile.HistoryFold;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link AttributeHistory} over the events table and the event-to-profile projection, the same for both engines: the
 * events of the wanted profiles found through {@code event_people} (so each counts for its live profile after every merge,
 * split and rebuild) and joined to those of the events table that carry traits (identify and group calls, and any call
 * with {@code context.traits}); a customer view's events ({@link #ofEvents}) are read by sequence, as its timeline reads
 * its page. Both are folded in Java by {@link HistoryFold}. Folding here rather than aggregating in SQL keeps one reading of the traits
 * ({@link io.kith.profile.Attributes}) and one normalisation, the matcher's, instead of twenty JSON paths and a second
 * lower-casing per engine. The history lives in the rows erasure and retention delete (events, event_profiles), so
 * nothing else has to be purged. Thread-safe.
 */
public final class JdbcAttributeHistory implements AttributeHistory {
    /**
     * Sequences of a customer view read per query: below DuckDB's index-scan threshold (2,048 rows), so each is an ART
     * index fetch of those events, not a hash join over every row group (see {@link JdbcEventStore#bySequences}).
     */
    static final int CHUNK = 2_000;
    /** Rows fetched at a time where the engine streams a result through a cursor (PostgreSQL). */
    private static final int FETCH = 4_096;

    private final Database db;
    private final StoredEventReader reader = new StoredEventReader(new ObjectMapper());
    private final String traitEvents;

    public JdbcAttributeHistory(Database db) {
        this.db = db;
        Dialect d = db.dialect();
        this.traitEvents = " AND (type IN ('" + EventType.IDENTIFY.wireName() + "', '" + EventType.GROUP.wireName() + "') OR "
                + d.json().at("json", List.of("context", "traits")) + " IS NOT NULL)";
    }

    @Override
    public Map<String, List<Seen>> of(Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return Map.of();
        }
        Set<String> wanted = new LinkedHashSet<>(profileIds);
        // one transaction: the aliases and the events are read as of one moment, and PostgreSQL streams the rows through a
        // cursor (fetch size) instead of holding them all
        return db.inTransaction("read the attribute history of " + wanted.size() + " profiles", c -> {
            // 1. the profiles merged into the wanted ones (their aliases): their events are the wanted profiles' too
            Set<String> rows = new LinkedHashSet<>(wanted);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM profile_aliases WHERE " + db.dialect().inArray("profile_id"))) {
                ps.setArray(1, db.dialect().textArray(c, rows));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            // 2. their events that carry traits, found by the indexed event_profiles.profile_id and joined to the events
            // table, each named by event_people with its live profile, in log order. One join instead of reading the events
            // by chunks of sequences: measured on bench rebuild's 1 M-event store, a page of 10,000 profiles (82,088 events,
            // 8,745 with traits) took 0.11-0.27 s against 1.9-2.1 s for its 41 reads of 2,000 sequences each, whose cost was
            // DuckDB fetching single rows out of the table's compressed segments, not the traits filter.
            HistoryFold fold = new HistoryFold();
            try (PreparedStatement ps = c.prepareStatement("SELECT ep.seq, ep.profile_id, " + db.dialect().eventJson()
                    + " FROM event_people ep JOIN events ON events.seq = ep.seq WHERE ep.seq IN (SELECT seq FROM event_profiles WHERE "
                    + db.dialect().inArray("profile_id") + ")" + traitEvents + " ORDER BY ep.seq")) {
                ps.setArray(1, db.dialect().textArray(c, rows));
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String owner = rs.getString(2);
                        if (wanted.contains(owner)) {
                            Event e = reader.read(rs.getBytes(3));
                            fold.add(owner, e.traits(), e.sourceId(), e.timestamp());
                        }
                    }
                }
            }
            return fold.histories();
        });
    }

    @Override
    public List<Seen> ofEvents(long[] sequences) {
        if (sequences.length == 0) {
            return List.of();
        }
        /*
         * The customer view's history panel read of(List.of(id)): the profile's events through event_people, a view that
         * DuckDB answers by scanning event_profiles (7.7 M rows at 100,000 customers: p50 111.9 ms, p99 179.1 ms of a
         * 239.5 ms page). The view holds the profile's sequences from the identity graph; read by sequence, they are
         * index lookups.
         */
        long[] sorted = sequences.clone();
        java.util.Arrays.sort(sorted);
        return db.run("read the attribute history of " + sorted.length + " events", c -> {
            HistoryFold fold = new HistoryFold();
            fold(c, sorted, seq -> "", fold);
            return fold.histories().getOrDefault("", List.of());
        });
    }

    /** Folds the events of these sorted sequences that carry traits, in log order, each for the profile {@code owner} names. */
    private void fold(java.sql.Connection c, long[] seqs, java.util.function.LongFunction<String> owner, HistoryFold fold) throws java.sql.SQLException {
        for (int from = 0; from < seqs.length; from += CHUNK) {
            StringBuilder in = new StringBuilder();
            for (int i = from; i < Math.min(seqs.length, from + CHUNK); i++) {
                in.append(i == from ? "" : ",").append(seqs[i]);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT seq, " + db.dialect().eventJson() + " FROM events WHERE seq IN (" + in + ")" + traitEvents
                         + " ORDER BY seq")) {
                while (rs.next()) {
                    Event e = reader.read(rs.getBytes(2));
                    fold.add(owner.apply(rs.getLong(1)), e.traits(), e.sourceId(), e.timestamp());
                }
            }
        }
    }

    @Override
    public void forEachPage(int profiles, Consumer<Map<String, List<Seen>>> page) {
        if (profiles < 1) {
            throw new IllegalArgumentException("a page holds at least one profile, not " + profiles);
        }
        // One pass over the trait events of every live profile, in profile order, cut into pages as it goes. Pages of
        // `of` each joined their profiles' events across the whole events table: at 10 M events, 166 pages of 10,000
        // profiles took 515 s of probable links' scoring index (bench rebuild). One transaction: one moment's rows, and
        // PostgreSQL streams them through a cursor.
        db.inTransaction("read the attribute history of every profile", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ep.profile_id, " + db.dialect().eventJson()
                    + " FROM event_people ep JOIN events ON events.seq = ep.seq WHERE ep.profile_id IN (SELECT id FROM profiles)"
                    + traitEvents + " ORDER BY ep.profile_id, ep.seq")) {
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    HistoryFold fold = new HistoryFold();
                    int inFold = 0;
                    String last = null;
                    while (rs.next()) {
                        String owner = rs.getString(1);
                        if (!owner.equals(last)) {
                            if (inFold == profiles) {
                                give(fold, page);
                                fold = new HistoryFold();
                                inFold = 0;
                            }
                            inFold++;
                            last = owner;
                        }
                        Event e = reader.read(rs.getBytes(2));
                        fold.add(owner, e.traits(), e.sourceId(), e.timestamp());
                    }
                    give(fold, page);
                }
            }
            return null;
        });
    }

    /** Hands a page on, in profile id order, unless none of its profiles' events gave a value. */
    private static void give(HistoryFold fold, Consumer<Map<String, List<Seen>>> page) {
        Map<String, List<Seen>> histories = fold.histories();
        if (!histories.isEmpty()) {
            page.accept(histories);
        }
    }
}
