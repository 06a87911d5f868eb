package io.kith.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: method + path pattern to endpoint. Patterns are literal segments and {@code {name}}
 * parameters; a trailing slash in a request matches the route without it (Segment's clients post to
 * {@code /v1/import/}). Built once at start-up, read concurrently after.
 */
public final class Router {
    /** A registered route, as listed in the OpenAPI document. */
    public record Route(String method, String pattern, Endpoint endpoint) {
    }

    record Match(Route route, Map<String, String> params) {
    }

    private final Map<String, Route> exact = new HashMap<>();
    private final List<Route> patterned = new ArrayList<>();
    private final List<Route> all = new ArrayList<>();

    public Router add(String method, String pattern, Endpoint endpoint) {
        Route r = new Route(method, pattern, endpoint);
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
                out.put(ps[i].substring(1, ps[i].length() - 1), java.net.URLDecoder.decode(xs[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!ps[i].equals(xs[i])) {
                return null;
            }
        }
        return out;
    }
}
