package io.kith.store.postgres;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * API keys in the {@code api_keys} table, authenticated from an in-memory map of secret hashes. A key may have been
 * created by another server sharing the table, so a secret that matches no key reads the table again, at most once a
 * second, and {@link #all} always reads it.
 */
final class PostgresApiKeyRegistry implements ApiKeyRegistry {
    private final PostgresStore store;
    private final Clock clock;
    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
    private final Throttle rereads = new Throttle(PostgresSourceRegistry.REREAD_INTERVAL);

    PostgresApiKeyRegistry(PostgresStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        read();
    }

    /** Reads every key, forgetting any hash that is no longer stored (a key replaced through another server). */
    private synchronized void read() {
        Map<String, ApiKey> stored = new HashMap<>();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, secret_hash, scopes, created_at FROM api_keys"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stored.put(rs.getString(3), new ApiKey(rs.getString(1), rs.getString(2), scopes(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw PostgresStore.failure("load API keys", e);
        }
        byHash.keySet().retainAll(stored.keySet());
        byHash.putAll(stored);
        rereads.reset();
    }

    private static Set<Scope> scopes(String text) {
        return text.isEmpty() ? Set.of() : Arrays.stream(text.split(",")).map(Scope::parse).collect(Collectors.toSet());
    }

    @Override
    public synchronized Created create(String name, Set<Scope> scopes) {
        String secret = ApiKeyRegistry.newSecret();
        ApiKey key = new ApiKey("key_" + secret.substring(3, 11), name, scopes, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store(new Hashed(key, ApiKeyRegistry.hash(secret)), "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)");
        return new Created(key, secret);
    }

    @Override
    public List<Hashed> hashed() {
        read();
        return byHash.entrySet().stream().map(e -> new Hashed(e.getValue(), e.getKey()))
                .sorted(Comparator.comparing((Hashed h) -> h.key().createdAt()).thenComparing(h -> h.key().id())).toList();
    }

    @Override
    public synchronized void restore(Hashed key) {
        store(key, "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                + "SET name = excluded.name, secret_hash = excluded.secret_hash, scopes = excluded.scopes, created_at = excluded.created_at");
    }

    private void store(Hashed h, String sql) {
        ApiKey key = h.key();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, h.secretHash());
            ps.setString(4, key.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(",")));
            ps.setObject(5, OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw PostgresStore.failure("store API key " + key.id(), e);
        }
        byHash.values().removeIf(k -> k.id().equals(key.id()));
        byHash.put(h.secretHash(), key);
    }

    @Override
    public Optional<ApiKey> authenticate(String secret) {
        String hash = ApiKeyRegistry.hash(secret);
        ApiKey key = byHash.get(hash);
        if (key == null && rereads.tryAcquire()) {
            read();
            key = byHash.get(hash);
        }
        return Optional.ofNullable(key);
    }

    @Override
    public List<ApiKey> all() {
        read();
        List<ApiKey> out = new ArrayList<>(byHash.values());
        out.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
        return out;
    }
}
