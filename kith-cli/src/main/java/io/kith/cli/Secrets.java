package io.kith.cli;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Secrets Kith generates on first start and keeps in the data directory, readable by their owner only. */
final class Secrets {
    private Secrets() {
    }

    /** The card tokenization key: {@code KITH_CARD_TOKEN_KEY} (hex) or {@code DATA/card-token.key}, made on first use. */
    static byte[] cardTokenKey(Path dataDir) {
        return key("KITH_CARD_TOKEN_KEY", dataDir.resolve("card-token.key"), "card tokenization key");
    }

    /**
     * The key of the suppression list's keyed hashes: {@code KITH_PRIVACY_KEY} (hex, at least 32 bytes) or
     * {@code DATA/privacy.key}, made on first use. Servers sharing a PostgreSQL store must share it (set the variable):
     * see docs/privacy.md.
     */
    static byte[] privacyKey(Path dataDir) {
        return key("KITH_PRIVACY_KEY", dataDir.resolve("privacy.key"), "privacy key");
    }

    private static byte[] key(String variable, Path file, String what) {
        String env = System.getenv(variable);
        if (env != null && !env.isBlank()) {
            try {
                return HexFormat.of().parseHex(env.trim());
            } catch (IllegalArgumentException e) {
                throw new KithException(ErrorCode.INVALID_CONFIG, variable + " must be hexadecimal: " + e.getMessage(), e);
            }
        }
        try {
            if (Files.exists(file)) {
                return HexFormat.of().parseHex(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "cannot read or create the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
