package io.kith.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityStore.StoredProfile;
import io.kith.identity.StoredDecisions;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a profile back from its rows ({@code profiles}, {@code profile_identifiers}, {@code profile_traits},
 * {@code identity_decisions}, through {@code profile_aliases} for an id merged away), the same for both engines; each
 * identity store writes the rows its engine's fastest way.
 */
public final class JdbcProfileRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final Database db;

    public JdbcProfileRows(Database db) {
        this.db = db;
    }

    /** A profile by its id, from one snapshot; a merged-away id answers the profile it belongs to. */
    public Optional<StoredProfile> profile(String profileId) {
        String key = db.dialect().storable(profileId);
        return db.inTransaction("read profile " + profileId, c -> {
            Optional<StoredProfile> live = readLive(c, key);
            if (live.isPresent()) {
                return live;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM profile_aliases WHERE id = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? readLive(c, rs.getString(1)) : Optional.<StoredProfile>empty();
                }
            }
        });
    }

    private Optional<StoredProfile> readLive(Connection c, String id) throws SQLException {
        Instant firstSeen;
        Instant lastSeen;
        long eventCount;
        Map<String, Long> eventsByType;
        Set<String> sources;
        Set<String> brands;
        List<String> mergedFrom;
        try (PreparedStatement ps = c.prepareStatement("SELECT first_seen, last_seen, event_count, events_by_type, sources, brands, "
                + "merged_from FROM profiles WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                firstSeen = instant(rs, 1);
                lastSeen = instant(rs, 2);
                eventCount = rs.getLong(3);
                try {
                    eventsByType = Collections.unmodifiableMap(MAPPER.readValue(rs.getString(4), COUNTS));
                } catch (JsonProcessingException e) {
                    throw new KithException(ErrorCode.STORAGE_FAILURE, db.dialect().name() + " store: the event counts of profile " + id
                            + " are not valid JSON: " + e.getMessage(), e);
                }
                sources = Collections.unmodifiableSet(new TreeSet<>(strings(rs, 5)));
                brands = Collections.unmodifiableSet(new TreeSet<>(strings(rs, 6)));
                mergedFrom = List.copyOf(strings(rs, 7));
            }
        }
        List<ProfileIdentifier> identifiers = new ArrayList<>();
        List<StoredDecisions.Placed> placed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT type, value, first_seen, linked_by_seq, anchor_type, anchor_value, decision_ord "
                + "FROM profile_identifiers WHERE profile_id = ? ORDER BY ord")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ProfileIdentifier pi = new ProfileIdentifier(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getLong(4));
                    identifiers.add(pi);
                    int ord = rs.getInt(7);
                    if (!rs.wasNull()) {
                        placed.add(new StoredDecisions.Placed(ord, new Decision.Linked(pi.linkedBySequence(), new Identifier(pi.type(), pi.value()),
                                StoredDecisions.Row.identifier(rs.getString(5), rs.getString(6)))));
                    }
                }
            }
        }
        Map<String, Trait> traits = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, value, source_id, said_at, said_at_nanos, priority FROM profile_traits "
                + "WHERE profile_id = ? ORDER BY name")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = instant(rs, 4);
                    int nanos = rs.getInt(5);
                    try {
                        traits.put(rs.getString(1), new Trait(MAPPER.readTree(rs.getString(2)), rs.getString(3),
                                at == null ? null : at.plusNanos(nanos), rs.getInt(6)));
                    } catch (JsonProcessingException e) {
                        throw new KithException(ErrorCode.STORAGE_FAILURE, db.dialect().name() + " store: trait " + rs.getString(1) + " of profile " + id
                                + " is not valid JSON: " + e.getMessage(), e);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, seq, identifier_type, identifier_value, other_type, other_value, "
                + "absorbed, reason, ord FROM identity_decisions WHERE profile_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredDecisions.Row row = new StoredDecisions.Row(rs.getString(1), rs.getLong(2),
                            StoredDecisions.Row.identifier(rs.getString(3), rs.getString(4)),
                            StoredDecisions.Row.identifier(rs.getString(5), rs.getString(6)), rs.getString(7), rs.getString(8));
                    placed.add(new StoredDecisions.Placed(rs.getInt(9), row.decision(id)));
                }
            }
        }
        List<Decision> decisions = StoredDecisions.join(placed);
        Profile profile = new Profile(id, List.copyOf(identifiers), Collections.unmodifiableMap(traits), sources, brands, firstSeen,
                lastSeen, eventCount, eventsByType, mergedFrom);
        return Optional.of(new StoredProfile(profile, List.copyOf(decisions)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String.class::cast).toList();
    }
}
