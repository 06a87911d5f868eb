package io.kith.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

/**
 * Reads of the event-to-profile projection ({@code event_people}), the same for both engines; the identity stores write
 * it with their profile rows, each its engine's way.
 */
public final class JdbcEventPeople {
    private final Database db;

    public JdbcEventPeople(Database db) {
        this.db = db;
    }

    /** The live profile of the event at this store sequence. */
    public Optional<String> profileOf(long sequence) {
        return db.run("read the profile of event " + sequence, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM event_people WHERE seq = ?")) {
                ps.setLong(1, sequence);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The number of events written with a profile. */
    public long count() {
        return db.run("count the events written with a profile", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM event_profiles")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
