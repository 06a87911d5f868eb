package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes staff passwords with Argon2id (BouncyCastle), memory-hard so that a stolen table costs an attacker memory as
 * well as time per guess, and checks a password against a hash. Hashes are encoded in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) and carry their own parameters, so that a hash made with other
 * parameters (stronger ones later, weaker ones in tests) still verifies. Thread-safe.
 */
public final class Passwords {
    /** OWASP's recommended Argon2id setting: 19 MiB, 2 passes, 1 lane. */
    public static final Passwords DEFAULT = new Passwords(19 * 1024, 2, 1);
    /** The shortest password an account may set. */
    public static final int MIN_LENGTH = 12;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    public Passwords(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** A new hash of the password, with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKiB, iterations, parallelism, 32);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password matches the hash; false for a hash this class cannot read. Compares in constant time. */
    public boolean verify(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.charAt(0)) {
                    case 'm' -> m = v;
                    case 't' -> t = v;
                    case 'p' -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || t < 1 || p < 1 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(derive(password, salt, m, t, p, expected.length), expected);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException unreadable) {
            return false;
        }
    }

    /** Refuses a password too weak to set: shorter than {@link #MIN_LENGTH}, or the user name itself. */
    public static void requireStrong(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a password may not contain the user name");
        }
    }

    /** A random password of 20 characters from an alphabet without look-alikes (about 115 bits). */
    public static String generate() {
        char[] c = new char[20];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
