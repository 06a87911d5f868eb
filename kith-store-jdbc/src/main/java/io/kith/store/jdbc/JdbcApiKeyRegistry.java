package io.kith.store.jdbc;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * API keys in the {@code api_keys} table, authenticated from an in-memory map of secret hashes. Where other servers
 * share the table ({@link Dialect#shared}) they create and revoke keys too, so an authentication reads the table again
 * first when the map is {@link ApiKeyRegistry#SHARED_CACHE_PERIOD} old (a key revoked elsewhere is refused here within
 * that period, and unknown secrets cannot hammer the database). Listing and revoking always read it.
 */
public final class JdbcApiKeyRegistry implements ApiKeyRegistry {
    private static final String COLUMNS = "id, name, secret_hash, scopes, brands, created_at, revoked_at";

    private final Database db;
    private final Clock clock;
    private final Map<String, ApiKey> byHash = new ConcurrentHashMap<>();
    private final Throttle rereads = new Throttle(SHARED_CACHE_PERIOD);

    public JdbcApiKeyRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        read();
    }

    /** Reads every key, forgetting any hash that is no longer stored (a key replaced through another server). */
    private synchronized void read() {
        Map<String, ApiKey> stored = new HashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime revoked = rs.getObject(7, OffsetDateTime.class);
                stored.put(rs.getString(3), new ApiKey(rs.getString(1), rs.getString(2), scopes(rs.getString(4)), names(rs.getString(5)),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant()));
            }
        } catch (SQLException e) {
            throw db.failure("load API keys", e);
        }
        byHash.keySet().retainAll(stored.keySet());
        byHash.putAll(stored);
        rereads.reset();
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
        store(new Hashed(key, ApiKeyRegistry.hash(secret)), "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
        return new Created(key, secret);
    }

    @Override
    public synchronized Optional<ApiKey> revoke(String id) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw db.failure("revoke API key " + id, e);
        }
        read();
        return byHash.values().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    @Override
    public List<Hashed> hashed() {
        read();
        return byHash.entrySet().stream().map(e -> new Hashed(e.getValue(), e.getKey()))
                .sorted(Comparator.comparing((Hashed h) -> h.key().createdAt()).thenComparing(h -> h.key().id())).toList();
    }

    @Override
    public synchronized void restore(Hashed key) {
        store(key, "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                + "SET name = excluded.name, secret_hash = excluded.secret_hash, scopes = excluded.scopes, brands = excluded.brands, "
                + "created_at = excluded.created_at, revoked_at = excluded.revoked_at");
    }

    private void store(Hashed h, String sql) {
        ApiKey key = h.key();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, h.secretHash());
            ps.setString(4, key.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(",")));
            ps.setString(5, key.brands().stream().sorted().collect(Collectors.joining(",")));
            ps.setObject(6, OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC));
            ps.setObject(7, key.revokedAt() == null ? null : OffsetDateTime.ofInstant(key.revokedAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw db.failure("store API key " + key.id(), e);
        }
        byHash.values().removeIf(k -> k.id().equals(key.id()));
        byHash.put(h.secretHash(), key);
    }

    @Override
    public Optional<ApiKey> authenticate(String secret) {
        if (db.dialect().shared() && rereads.tryAcquire()) {
            read();
        }
        return Optional.ofNullable(byHash.get(ApiKeyRegistry.hash(secret))).filter(k -> !k.revoked());
    }

    @Override
    public List<ApiKey> all() {
        read();
        return byHash.values().stream().sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }
}
