package io.kith.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How write keys are kept: a client-side source's key as it is (it ships in web pages anyway), a server-side source's
 * key as {@code sha256:} + the hex SHA-256 of the key. Write keys are 190 random bits, so a digest without salt or
 * stretching cannot be reversed; a store that leaks gives away no key.
 */
public final class WriteKey {
    static final String DIGEST_PREFIX = "sha256:";

    private WriteKey() {
    }

    /** The stored form of a source's key: its digest for a server-side kind, the key itself for a client-side one. */
    public static String stored(SourceKind kind, String key) {
        return kind.clientSide() || isDigest(key) ? key : digest(key);
    }

    /** Whether a stored key is a digest (the key itself is known to nobody but the source). */
    public static boolean isDigest(String stored) {
        return stored.startsWith(DIGEST_PREFIX);
    }

    /** The digest of a stored key in either form: what registries index sources by. */
    static String lookupDigest(String stored) {
        return isDigest(stored) ? stored : digest(stored);
    }

    /** {@code sha256:} + the hex SHA-256 of the key's UTF-8 bytes; the same as the migrations' SQL. */
    public static String digest(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return DIGEST_PREFIX + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
