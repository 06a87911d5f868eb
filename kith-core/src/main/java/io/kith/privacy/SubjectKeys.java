package io.kith.privacy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Identifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of identifiers for the suppression list: HMAC-SHA-256 over {@code type, 0x00, normalised value}, so that
 * an email and a user id with the same text differ, and nobody without the key can confirm a guess by hashing lists of
 * emails (a plain SHA-256 of an email is as identifying as the email; see docs/privacy.md). Also the keys of erased
 * messages, over {@code source id, 0x00, messageId}. Thread-safe.
 */
public final class SubjectKeys {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    /** @param key at least 32 bytes, kept apart from the data (see docs/privacy.md) */
    public SubjectKeys(byte[] key) {
        if (key.length < 32) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "the privacy key must hold at least 32 bytes, it has " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** What tells this key from another without revealing it: the keyed hash of a fixed text. */
    public String fingerprint() {
        return hash("kith", "privacy key check");
    }

    /** The keyed hash of a (normalised) identifier, 64 hex digits. */
    public String of(Identifier id) {
        return hash(id.type(), id.value());
    }

    /** The keyed hash of an event's (source, messageId): how an erased event is known again when a client retries it. */
    public String ofMessage(String sourceId, String messageId) {
        return hash("message:" + sourceId, messageId);
    }

    /**
     * A secret of 64 bits for {@code purpose}, the same under the same key: what seeds a hash that must stay the same across
     * starts without being computable by someone who lacks the key (the log summary's Bloom filters, kept on disk).
     */
    public long seed(String purpose) {
        return Long.parseUnsignedLong(hash("kith seed", purpose).substring(0, 16), 16);
    }

    /**
     * One initialised MAC per thread: {@code Mac.getInstance} and {@code init} cost more than the hash of a short value,
     * and an erasure or a gate hashes millions of them.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new KithException(ErrorCode.INTERNAL, "HMAC-SHA-256 is not available: " + e.getMessage(), e);
        }
    }

    private String hash(String a, String b) {
        Mac mac = macs.get(); // doFinal resets it for the next hash
        mac.update(a.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(b.getBytes(StandardCharsets.UTF_8)));
    }
}
