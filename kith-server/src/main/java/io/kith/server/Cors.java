package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which web pages' scripts may call which part of the API: the CORS headers of answers and preflights.
 *
 * <p>The collection API ({@code /v1/...}) is called by scripts on any site that ships a write key, so any origin
 * may call it: {@code Access-Control-Allow-Origin: *}, which browsers never combine with cookies. The write key
 * travels in the {@code Authorization} header or the body, which is why the preflight allows that header (and
 * {@code Content-Encoding}, for gzip'd batches).
 *
 * <p>Everything else (the admin and profile API, health, metrics) answers only origins named in the settings,
 * with {@code Vary: Origin} so that caches keep one answer per origin. Credentials are never allowed: Kith's keys
 * are {@code Bearer} headers that a script sets itself, not cookies, so {@code Allow-Credentials} would only let a
 * hostile page ride on whatever the browser holds. An origin not named gets no allow headers, and the browser
 * stops the call.
 */
final class Cors {
    private static final String COLLECTION_PREFIX = "/v1/";
    private static final String EXPOSED = "Retry-After, Content-Location";

    private final Set<String> origins;

    /** @param origins the origins the admin and profile API answer, e.g. {@code https://admin.example.com} */
    Cors(Collection<String> origins) {
        this.origins = origins.stream().map(Cors::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** The headers of an answer to a call from {@code origin} (null when the call names none). */
    Map<String, String> headers(String path, String origin) {
        Map<String, String> h = new LinkedHashMap<>();
        if (isCollection(path)) {
            h.put("Access-Control-Allow-Origin", "*");
            h.put("Access-Control-Expose-Headers", EXPOSED);
        } else {
            h.put("Vary", "Origin");
            if (allowed(origin)) {
                h.put("Access-Control-Allow-Origin", origin);
                h.put("Access-Control-Expose-Headers", EXPOSED);
            }
        }
        return h;
    }

    /** The answer to a preflight ({@code OPTIONS}) for a path that serves these methods. */
    HttpReply preflight(String path, String origin, Set<String> methods) {
        HttpReply reply = HttpReply.noContent();
        boolean collection = isCollection(path);
        if (!collection) {
            reply = reply.withHeader("Vary", "Origin");
        }
        if (collection || allowed(origin)) {
            Set<String> allow = new TreeSet<>(methods);
            allow.add("OPTIONS");
            reply = reply.withHeader("Access-Control-Allow-Origin", collection ? "*" : origin)
                    .withHeader("Access-Control-Allow-Methods", String.join(", ", allow))
                    .withHeader("Access-Control-Allow-Headers", collection ? "Authorization, Content-Type, Content-Encoding" : "Authorization, Content-Type")
                    .withHeader("Access-Control-Max-Age", "86400");
        }
        return reply;
    }

    private static boolean isCollection(String path) {
        return path.startsWith(COLLECTION_PREFIX);
    }

    private boolean allowed(String origin) {
        return origin != null && origins.contains(origin);
    }

    /**
     * An origin as browsers send it: {@code scheme://host[:port]}, lower case, without a default port or a path.
     *
     * @throws KithException {@link ErrorCode#INVALID_CONFIG} for anything else, {@code *} included: any origin may
     *                       not call the admin API
     */
    static String normalize(String origin) {
        String o = origin == null ? "" : origin.trim();
        try {
            URI uri = new URI(o.endsWith("/") ? o.substring(0, o.length() - 1) : o);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(o, "not an origin");
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "CORS origin \"" + origin
                    + "\" is not an origin: give scheme://host[:port], e.g. https://admin.example.com (and never *)");
        }
    }
}
