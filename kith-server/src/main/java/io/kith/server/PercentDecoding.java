package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one percent-encoded part of a request (a path segment, a query or form field) as UTF-8, the one way every
 * route and console form does. A malformed escape ({@code %zz}, a lone {@code %}) is the caller's mistake: a 400 that
 * names where it was, not the {@link IllegalArgumentException} of {@link URLDecoder}, which answered 500.
 */
public final class PercentDecoding {
    private PercentDecoding() {
    }

    /**
     * Calls {@code each} with every {@code name=value} pair of {@code encoded} ({@code a=1&b=2}, a query or a form body),
     * in order, both decoded; a pair without {@code =} has the value "".
     *
     * @throws KithException {@code INVALID_ARGUMENT} when an escape is malformed
     */
    public static void pairs(String encoded, String where, java.util.function.BiConsumer<String, String> each) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            each.accept(decode(eq < 0 ? pair : pair.substring(0, eq), where), eq < 0 ? "" : decode(pair.substring(eq + 1), where));
        }
    }

    /**
     * @param where what the text is, for the message ("the query", "the form field names")
     * @throws KithException {@code INVALID_ARGUMENT} when an escape is malformed
     */
    public static String decode(String encoded, String where) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, where + " holds a malformed percent-escape (% must be followed by two hex digits)");
        }
    }
}
