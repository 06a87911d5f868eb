package io.kith.server;

import io.kith.access.Scope;

/**
 * Who may call a route: every route is registered with one, and the dispatcher checks it before the route's handler runs,
 * so that no route can forget authentication.
 */
public sealed interface Guard {
    /** Anyone: health, metrics, the API document. */
    Open PUBLIC = Open.PUBLIC;
    /**
     * The collection API: a source's write key. The handler resolves it, since Segment's clients may send it in the body of
     * a batch as well as in {@code Authorization: Basic}.
     */
    Open WRITE_KEY = Open.WRITE_KEY;
    /** The admin key alone. */
    Bearer ADMIN_KEY = new AdminKey();

    /** The admin key, or an API key holding {@code scope}. */
    static Bearer scope(Scope scope) {
        return new Scoped(scope);
    }

    /** Routes that take no bearer token: their handler gets no {@link Caller}. */
    enum Open implements Guard {
        PUBLIC, WRITE_KEY
    }

    /** Routes that need {@code Authorization: Bearer <admin key or API key>}: their handler gets the {@link Caller}. */
    sealed interface Bearer extends Guard {
    }

    /** Only the admin key passes. */
    record AdminKey() implements Bearer {
    }

    /** The admin key or an API key with {@link #scope}. */
    record Scoped(Scope scope) implements Bearer {
        public Scoped {
            java.util.Objects.requireNonNull(scope, "scope");
        }
    }
}
