package io.kith.access;

import java.time.Instant;
import java.util.Set;

/** An API key as Kith keeps it: never the secret itself, only its id, name, scopes and creation time. */
public record ApiKey(String id, String name, Set<Scope> scopes, Instant createdAt) {
    public ApiKey {
        scopes = Set.copyOf(scopes);
    }
}
