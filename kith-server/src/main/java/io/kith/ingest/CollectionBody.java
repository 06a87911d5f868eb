package io.kith.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.util.Locale;

/**
 * What a collection request's body must be besides well-formed JSON: UTF-8 (RFC 8259 requires it of JSON sent between
 * systems), and one JSON object with nothing after it. Jackson alone reads a UTF-16 body by guessing its encoding, and
 * stops reading at the end of the first value, so a second event written after the first would be answered 200 and
 * never stored.
 */
final class CollectionBody {
    private CollectionBody() {
    }

    /**
     * Refuses a body that is not UTF-8: a {@code Content-Type} naming another charset, or bytes that begin as UTF-16 or
     * UTF-32 do (a byte-order mark, or a zero byte, which no UTF-8 JSON text has in its first two bytes). Such a body is
     * not quarantined: its text read as UTF-8 would be zero bytes and garbage, not what was sent.
     */
    static void requireUtf8(String contentType, byte[] body) {
        String charset = charset(contentType);
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body must be JSON in UTF-8 (RFC 8259); the Content-Type says charset="
                    + charset + ": send the JSON as UTF-8 and say charset=utf-8, or no charset");
        }
        if (body.length >= 2 && (body[0] == 0 || body[1] == 0 || (body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff
                || (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe)) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body must be JSON in UTF-8 (RFC 8259); it begins as UTF-16 or UTF-32 text does"
                    + " (first bytes " + String.format("%02x %02x", body[0] & 0xff, body[1] & 0xff) + ")");
        }
    }

    /**
     * Reads past the value the parser has just read: anything but the end of the body is malformed JSON, reported where
     * it begins.
     */
    static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "unexpected content after the JSON object", p.currentTokenLocation());
        }
    }

    /** The {@code charset} parameter of a media type, lower case and unquoted; null when there is none. */
    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String value = param.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
