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
 * SHA-256 of each secret; the secret is shown once, when the key is created. Thread-safe.
 */
public interface ApiKeyRegistry {
    /** A key just created, with its secret (shown once). */
    record Created(ApiKey key, String secret) {
    }

    /** A key as stored: the key and the SHA-256 of its secret, for copying keys to another store. */
    record Hashed(ApiKey key, String secretHash) {
    }

    Created create(String name, Set<Scope> scopes);

    /** Every key with the hash of its secret. */
    List<Hashed> hashed();

    /** Stores a key copied from another store, keeping its id and secret hash; a key with that id is replaced. */
    void restore(Hashed key);

    /** The key a secret belongs to, if any. */
    Optional<ApiKey> authenticate(String secret);

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
