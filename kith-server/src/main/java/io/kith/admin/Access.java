package io.kith.admin;

import io.kith.access.ApiKey;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.Authenticator;
import io.kith.server.Caller;
import io.kith.server.Guard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call the management APIs: {@code Authorization: Bearer <secret>} with the admin key (every scope) or
 * an API key holding the scope the route needs. Write keys are never accepted here. The admin key is compared
 * in constant time. A revoked API key is refused; a key limited to brands gets its {@link io.kith.access.BrandScope},
 * which the routes filter what they answer by. The server's dispatcher asks it before every guarded route.
 */
public final class Access implements Authenticator {
    private final byte[] adminKey;
    private final ApiKeyRegistry apiKeys;

    public Access(String adminKey, ApiKeyRegistry apiKeys) {
        if (adminKey == null || adminKey.length() < 16) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "the admin key must have at least 16 characters");
        }
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.apiKeys = apiKeys;
    }

    @Override
    public Caller authenticate(String authorization, Guard.Bearer guard) {
        String secret = bearer(authorization);
        if (isAdmin(secret)) {
            return Caller.ADMIN;
        }
        return switch (guard) {
            case Guard.AdminKey admin -> throw new KithException(ErrorCode.UNAUTHENTICATED, "this API needs \"Authorization: Bearer <admin key>\"");
            case Guard.Scoped scoped -> apiKeyWith(secret, scoped.scope());
        };
    }

    private Caller apiKeyWith(String secret, Scope scope) {
        Optional<ApiKey> key = apiKeys.authenticate(secret);
        if (key.isEmpty()) {
            throw new KithException(ErrorCode.UNAUTHENTICATED, "the bearer token is neither the admin key nor an API key");
        }
        if (!key.get().scopes().contains(scope)) {
            throw new KithException(ErrorCode.FORBIDDEN, "API key " + key.get().id() + " (" + key.get().name() + ") lacks the scope "
                    + scope.wire() + "; it has " + key.get().scopes().stream().map(Scope::wire).sorted().toList());
        }
        return new Caller(key.get().id(), key.get().scopes(), key.get().brandScope());
    }

    private boolean isAdmin(String secret) {
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), adminKey);
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new KithException(ErrorCode.UNAUTHENTICATED, "this API needs \"Authorization: Bearer <admin key or API key>\"");
        }
        return header.substring(7).trim();
    }
}
