package io.kith.store.duckdb;

import io.kith.access.ApiKey;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** API keys in the {@code api_keys} table, authenticated from an in-memory map of secret hashes. */
final class DuckDbApiKeyRegistry implements ApiKeyRegistry {
    private final DuckDbStore store;
    private final Clock clock;
    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();

    DuckDbApiKeyRegistry(DuckDbStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, secret_hash, scopes, created_at FROM api_keys"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byHash.put(rs.getString(3), new ApiKey(rs.getString(1), rs.getString(2), scopes(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("load API keys", e);
        }
    }

    private static Set<Scope> scopes(String text) {
        return text.isEmpty() ? Set.of() : Arrays.stream(text.split(",")).map(Scope::parse).collect(Collectors.toSet());
    }

    @Override
    public Created create(String name, Set<Scope> scopes) {
        String secret = ApiKeyRegistry.newSecret();
        ApiKey key = new ApiKey("key_" + secret.substring(3, 11), name, scopes, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        insert(new Hashed(key, ApiKeyRegistry.hash(secret)));
        return new Created(key, secret);
    }

    @Override
    public List<Hashed> hashed() {
        return byHash.entrySet().stream().map(e -> new Hashed(e.getValue(), e.getKey()))
                .sorted(java.util.Comparator.comparing((Hashed h) -> h.key().createdAt()).thenComparing(h -> h.key().id())).toList();
    }

    @Override
    public synchronized void restore(Hashed key) {
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement("DELETE FROM api_keys WHERE id = ?")) {
            ps.setString(1, key.key().id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStore.failure("replace API key " + key.key().id(), e);
        }
        byHash.values().removeIf(k -> k.id().equals(key.key().id()));
        insert(key);
    }

    private void insert(Hashed h) {
        ApiKey key = h.key();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, h.secretHash());
            ps.setString(4, key.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(",")));
            ps.setObject(5, OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStore.failure("store API key " + key.id(), e);
        }
        byHash.put(h.secretHash(), key);
    }

    @Override
    public Optional<ApiKey> authenticate(String secret) {
        return Optional.ofNullable(byHash.get(ApiKeyRegistry.hash(secret)));
    }

    @Override
    public List<ApiKey> all() {
        List<ApiKey> out = new ArrayList<>(byHash.values());
        out.sort(java.util.Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
        return out;
    }
}
