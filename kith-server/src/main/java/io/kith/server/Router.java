package io.kith.server;

import io.kith.access.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: method + path pattern to a handler, with the {@link Guard} the dispatcher checks before calling it.
 * Patterns are literal segments and {@code {name}} parameters; a trailing slash in a request matches the route without it
 * (Segment's clients post to {@code /v1/import/}). Built once at start-up, read concurrently after.
 */
public final class Router {
    public static final String GET = "GET";
    public static final String POST = "POST";
    public static final String PUT = "PUT";

    /**
     * A registered route, as listed in the OpenAPI document.
     *
     * @param handler called once {@code guard} let the call through, with its caller (null for an {@link Guard.Open} route)
     */
    public record Route(String method, String pattern, Guard guard, AuthenticatedEndpoint handler) {
        public Route {
            java.util.Objects.requireNonNull(guard, "guard");
        }
    }

    record Match(Route route, Map<String, String> params) {
    }

    private Endpoint browserFallback;

    /**
     * What a browser that asks for a page this router does not have is shown (a site's own "not found" page) instead of a
     * problem+json body: the console's, for a mistyped or stale address. Only for requests that accept HTML.
     */
    public void browserFallback(Endpoint endpoint) {
        this.browserFallback = endpoint;
    }

    Optional<Endpoint> browserFallback() {
        return Optional.ofNullable(browserFallback);
    }

    private final Map<String, Route> exact = new HashMap<>();
    private final List<Route> patterned = new ArrayList<>();
    private final List<Route> all = new ArrayList<>();

    /** A route anyone may call ({@link Guard#PUBLIC}), or one whose handler checks a write key ({@link Guard#WRITE_KEY}). */
    public Router add(String method, String pattern, Guard.Open guard, Endpoint endpoint) {
        return add(new Route(method, pattern, guard, (call, caller) -> endpoint.handle(call)));
    }

    /** A route for the admin key ({@link Guard#ADMIN_KEY}) or an API key with a scope ({@link Guard#scope}). */
    public Router add(String method, String pattern, Guard.Bearer guard, AuthenticatedEndpoint endpoint) {
        return add(new Route(method, pattern, guard, endpoint));
    }

    /** A route for the admin key or an API key holding {@code scope}. */
    public Router add(String method, String pattern, Scope scope, AuthenticatedEndpoint endpoint) {
        return add(method, pattern, Guard.scope(scope), endpoint);
    }

    private Router add(Route r) {
        String method = r.method();
        String pattern = r.pattern();
        if (all.stream().anyMatch(o -> o.method().equals(method) && o.pattern().equals(pattern))) {
            throw new IllegalStateException("route " + method + " " + pattern + " is registered twice");
        }
        all.add(r);
        if (pattern.contains("{")) {
            patterned.add(r);
        } else {
            exact.put(method + " " + pattern, r);
        }
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(all);
    }

    /** The methods routes serve on this path: empty for an unknown path (404), else what a 405 or a preflight names. */
    java.util.Set<String> methods(String path) {
        String p = strip(path);
        return all.stream().filter(r -> r.pattern().equals(p) || params(r.pattern(), p) != null).map(Route::method)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    Optional<Match> match(String method, String path) {
        String p = strip(path);
        Route r = exact.get(method + " " + p);
        if (r != null) {
            return Optional.of(new Match(r, Map.of()));
        }
        for (Route candidate : patterned) {
            if (candidate.method().equals(method)) {
                Map<String, String> params = params(candidate.pattern(), p);
                if (params != null) {
                    return Optional.of(new Match(candidate, params));
                }
            }
        }
        return Optional.empty();
    }

    private static String strip(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Map<String, String> params(String pattern, String path) {
        String[] ps = pattern.split("/");
        String[] xs = path.split("/");
        if (ps.length != xs.length) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].startsWith("{") && ps[i].endsWith("}")) {
                if (xs[i].isEmpty()) {
                    return null;
                }
                out.put(ps[i].substring(1, ps[i].length() - 1), PercentDecoding.decode(xs[i], "the path"));
            } else if (!ps[i].equals(xs[i])) {
                return null;
            }
        }
        return out;
    }
}
