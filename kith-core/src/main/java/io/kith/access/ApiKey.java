package io.kith.access;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as Kith keeps it: never the secret itself, only its id, name, scopes, the brands it is limited to, and
 * when it was created and revoked.
 *
 * @param brands    the brands whose data the key sees; empty for every brand. A brand-scoped key cannot hold
 *                  {@code identity:write}: corrections rebuild the profiles of every brand
 * @param revokedAt when the key was revoked (it authenticates nobody from then on), or null while it works
 */
public record ApiKey(String id, String name, Set<Scope> scopes, Set<String> brands, Instant createdAt, Instant revokedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = Set.copyOf(scopes);
        brands = Set.copyOf(brands);
        for (String b : brands) {
            if (b.isBlank() || b.contains(",")) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key brands must be non-empty names without commas, got \"" + b + "\"");
            }
        }
        if (!brands.isEmpty() && scopes.contains(Scope.IDENTITY_WRITE)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a key limited to brands " + brands.stream().sorted().toList()
                    + " cannot hold " + Scope.IDENTITY_WRITE.wire() + ": identity corrections rebuild the profiles of every brand");
        }
    }

    /** A key for every brand, not revoked. */
    public ApiKey(String id, String name, Set<Scope> scopes, Instant createdAt) {
        this(id, name, scopes, Set.of(), createdAt, null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** This key, revoked at {@code at}. */
    public ApiKey revokedAt(Instant at) {
        return new ApiKey(id, name, scopes, brands, createdAt, at);
    }

    /** What data of the group this key sees. */
    public BrandScope brandScope() {
        return brands.isEmpty() ? BrandScope.ALL : new BrandScope(brands);
    }
}
