package io.kith.server;

import io.kith.access.BrandScope;
import io.kith.access.Scope;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling a route guarded by a bearer token, as the dispatcher authenticated it: the admin key or an API key, its
 * scopes, and the brands whose data it sees (which the handler filters its answer by).
 *
 * @param keyId the API key's id, or {@code "admin"} for the admin key
 */
public record Caller(String keyId, Set<Scope> scopes, BrandScope brands) {
    /** The admin key: every scope, every brand. */
    public static final Caller ADMIN = new Caller("admin", EnumSet.allOf(Scope.class), BrandScope.ALL);

    public Caller {
        scopes = Set.copyOf(scopes);
    }
}
