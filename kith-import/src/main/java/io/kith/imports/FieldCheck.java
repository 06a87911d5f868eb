package io.kith.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The rules every imported value follows, whatever the mapping: no control characters other than tab, CR and LF,
 * and at most {@link ImportLimits#maxFieldBytes()} bytes. Thread-safe.
 */
final class FieldCheck {
    /** What is wrong with one value of a row, and in which column (a CSV header name, a JSON path). */
    record Problem(String column, String reason) {
    }

    private final int maxFieldBytes;

    FieldCheck(int maxFieldBytes) {
        this.maxFieldBytes = maxFieldBytes;
    }

    Optional<Problem> check(String column, String value) {
        int bad = ControlChars.firstIn(value);
        if (bad >= 0) {
            return Optional.of(new Problem(column, ControlChars.describe(value.charAt(bad)) + " at position " + (bad + 1)
                    + " of " + shown(value)));
        }
        long bytes = Utf8.bytes(value);
        if (bytes > maxFieldBytes) {
            return Optional.of(new Problem(column, "the value has " + String.format("%,d", bytes) + " bytes; a field may have at most "
                    + String.format("%,d", maxFieldBytes) + ": " + shown(value)));
        }
        return Optional.empty();
    }

    /** Checks the member names and string values of a JSON row, naming the first bad one by its path ({@code a.b}, {@code a[2]}). */
    Optional<Problem> check(JsonNode node, String path) {
        if (node.isTextual()) {
            return check(path, node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                Optional<Problem> p = check(child, e.getKey()).or(() -> check(e.getValue(), child));
                if (p.isPresent()) {
                    return p;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Problem> p = check(node.get(i), path + "[" + i + "]");
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /** A value as a reason shows it: quoted, control characters escaped, cut after 80 chars. */
    static String shown(String value) {
        StringBuilder sb = new StringBuilder("\"");
        int end = Math.min(value.length(), 80);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (value.length() > end) {
            sb.append(String.format("... (%,d chars)", value.length()));
        }
        return sb.toString();
    }
}
