package io.kith.staff;

import io.kith.access.BrandScope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A member of staff who signs in to the console: a user name, a role, the brands whose customers they see (every brand
 * when empty, as an API key's {@link BrandScope}), and the hash of their password (never the password).
 *
 * @param passwordHash an encoded memory-hard hash ({@code $argon2id$...}), as the console's password hasher writes it
 */
public record StaffAccount(String id, String username, StaffRole role, BrandScope brands, String passwordHash, Instant createdAt,
                           Instant passwordChangedAt) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");

    public StaffAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(brands, "brands");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a user name is 2 to 64 characters of a-z, 0-9, '.', '_', '@' and '-', "
                    + "starting with a letter or digit; was \"" + username + "\"");
        }
    }

    public StaffAccount withPasswordHash(String hash, Instant at) {
        return new StaffAccount(id, username, role, brands, hash, createdAt, at);
    }

    public StaffAccount withRole(StaffRole newRole, BrandScope newBrands) {
        return new StaffAccount(id, username, newRole, newBrands, passwordHash, createdAt, passwordChangedAt);
    }
}
