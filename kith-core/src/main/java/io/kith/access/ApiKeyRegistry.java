package io.kith.access;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys for the read and correction APIs (profiles, identity), distinct from write keys. Stores keep only a
 * SHA-256 of each secret; the secret is shown once, when the key is created. A revoked key is kept (listed with the
 * time it was revoked) but authenticates nobody. Thread-safe.
 *
 * <p>On a store shared by several servers (PostgreSQL), each server answers from a copy of the keys that is at most
 * {@link #SHARED_CACHE_PERIOD} old when a lookup starts: a key revoked through another server is refused here
 * within that period; a key revoked through this server is refused at once.
 */
public interface ApiKeyRegistry {
    /** A key just created, with its secret (shown once). */
    record Created(ApiKey key, String secret) {
    }

    /** A key as stored: the key and the SHA-256 of its secret, for copying keys to another store. */
    record Hashed(ApiKey key, String secretHash) {
    }

    /** How old a server's copy of the keys of a shared store may be when it authenticates a secret. */
    java.time.Duration SHARED_CACHE_PERIOD = java.time.Duration.ofSeconds(1);

    /** Creates a key for every brand. */
    default Created create(String name, Set<Scope> scopes) {
        return create(name, scopes, Set.of());
    }

    /** Creates a key limited to {@code brands} (empty: every brand). */
    Created create(String name, Set<Scope> scopes, Set<String> brands);

    /**
     * Revokes a key: from now on it authenticates nobody. Revoking a revoked key changes nothing.
     *
     * @return the key as revoked, or empty when no key has this id
     */
    Optional<ApiKey> revoke(String id);

    /** Every key with the hash of its secret. */
    List<Hashed> hashed();

    /** Stores a key copied from another store, keeping its id and secret hash; a key with that id is replaced. */
    void restore(Hashed key);

    /** The key a secret belongs to, if any and not revoked. */
    Optional<ApiKey> authenticate(String secret);

    /** Every key, revoked ones included, oldest first. */
    List<ApiKey> all();

    /** A new secret: {@code kk_} + 40 base62 characters from a secure random source. */
    static String newSecret() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder("kk_");
        for (int i = 0; i < 40; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The stored form of a secret. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
