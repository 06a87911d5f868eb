package io.kith.store.duckdb;

import io.kith.access.ApiKey;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** API keys in the {@code api_keys} table, authenticated from an in-memory map of secret hashes. */
final class DuckDbApiKeyRegistry implements ApiKeyRegistry {
    private static final String COLUMNS = "id, name, secret_hash, scopes, brands, created_at, revoked_at";

    private final DuckDbStore store;
    private final Clock clock;
    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();

    DuckDbApiKeyRegistry(DuckDbStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime revoked = rs.getObject(7, OffsetDateTime.class);
                byHash.put(rs.getString(3), new ApiKey(rs.getString(1), rs.getString(2), scopes(rs.getString(4)), names(rs.getString(5)),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant()));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("load API keys", e);
        }
    }

    private static Set<Scope> scopes(String text) {
        return names(text).stream().map(Scope::parse).collect(Collectors.toSet());
    }

    private static Set<String> names(String text) {
        return text == null || text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split(",")));
    }

    @Override
    public synchronized Created create(String name, Set<Scope> scopes, Set<String> brands) {
        String secret = ApiKeyRegistry.newSecret();
        ApiKey key = new ApiKey("key_" + secret.substring(3, 11), name, scopes, brands, clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
        write(new Hashed(key, ApiKeyRegistry.hash(secret)));
        return new Created(key, secret);
    }

    @Override
    public synchronized Optional<ApiKey> revoke(String id) {
        Optional<Map.Entry<String, ApiKey>> found = byHash.entrySet().stream().filter(e -> e.getValue().id().equals(id)).findFirst();
        if (found.isEmpty() || found.get().getValue().revoked()) {
            return found.map(Map.Entry::getValue);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStore.failure("revoke API key " + id, e);
        }
        ApiKey revoked = found.get().getValue().revokedAt(now);
        byHash.put(found.get().getKey(), revoked);
        return Optional.of(revoked);
    }

    @Override
    public List<Hashed> hashed() {
        return byHash.entrySet().stream().map(e -> new Hashed(e.getValue(), e.getKey()))
                .sorted(Comparator.comparing((Hashed h) -> h.key().createdAt()).thenComparing(h -> h.key().id())).toList();
    }

    @Override
    public synchronized void restore(Hashed key) {
        write(key);
    }

    /** Stores a key, replacing the one with its id, and then remembers it. */
    private void write(Hashed h) {
        ApiKey key = h.key();
        try (Connection c = store.connect()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM api_keys WHERE id = ?")) {
                del.setString(1, key.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key.id());
                ps.setString(2, key.name());
                ps.setString(3, h.secretHash());
                ps.setString(4, key.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(",")));
                ps.setString(5, key.brands().stream().sorted().collect(Collectors.joining(",")));
                ps.setObject(6, OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC));
                ps.setObject(7, key.revokedAt() == null ? null : OffsetDateTime.ofInstant(key.revokedAt(), ZoneOffset.UTC));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("store API key " + key.id(), e);
        }
        byHash.values().removeIf(k -> k.id().equals(key.id()));
        byHash.put(h.secretHash(), key);
    }

    @Override
    public Optional<ApiKey> authenticate(String secret) {
        return Optional.ofNullable(byHash.get(ApiKeyRegistry.hash(secret))).filter(k -> !k.revoked());
    }

    @Override
    public List<ApiKey> all() {
        return byHash.values().stream().sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }
}
