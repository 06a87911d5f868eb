package io.kith.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The secret that guards the admin API: {@code KITH_ADMIN_KEY} when set, otherwise a key generated on first
 * start and kept in {@code DATA/admin.key} (readable by its owner only).
 */
record AdminKey(String value, boolean generated) {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    static AdminKey resolve(String fromEnvironment, Path dataDir) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AdminKey(fromEnvironment.trim(), false);
        }
        Path file = dataDir.resolve("admin.key");
        try {
            if (Files.exists(file)) {
                return new AdminKey(Files.readString(file).trim(), false);
            }
            String key = "ak_" + random(40);
            Files.writeString(file, key + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file keeps the default permissions
            }
            return new AdminKey(key, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin key file " + file, e);
        }
    }

    static String random(int length) {
        SecureRandom random = new SecureRandom();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
