package io.kith.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.error.ErrorCode;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds the values in an event that no store could keep as they are, so that the event is refused where it is parsed
 * instead of failing the projection later: a number that is not finite ({@code 1e400} reads as infinity, which JSON
 * cannot write back), a string or member name with half of a UTF-16 surrogate pair (PostgreSQL's {@code jsonb} and
 * UTF-8 itself have no such character), and nesting deeper than {@value #MAX_DEPTH} levels.
 *
 * <p>Reads only the tree it is given: a batch event whose nested members stand in as empty containers (see the batch
 * reader) was checked token by token instead, and read whole when one of these could be in it.
 */
public final class JsonValues {
    /** Deepest nesting accepted in an event (the event object is level 1); Segment's own events use about 4. */
    public static final int MAX_DEPTH = 64;

    private JsonValues() {
    }

    /** The first value of {@code node} (at JSON path {@code where}) that cannot be stored, as a rejection; null when none. */
    public static Rejection firstUnstorable(JsonNode node, String where) {
        Found f = check(node, 1);
        if (f == null) {
            return null;
        }
        StringBuilder path = new StringBuilder(where);
        for (int i = f.steps.size() - 1; i >= 0; i--) {
            path.append(f.steps.get(i));
        }
        return new Rejection(ErrorCode.INVALID_EVENT, path.toString(), f.message);
    }

    /** What was found, and the path to it, its last step first (steps are added only on the way back from a find). */
    private static final class Found {
        final String message;
        final java.util.List<String> steps = new java.util.ArrayList<>();

        Found(String message) {
            this.message = message;
        }

        Found at(String step) {
            steps.add(step);
            return this;
        }
    }

    private static Found check(JsonNode n, int depth) {
        if (n.isContainerNode()) {
            if (depth > MAX_DEPTH) {
                return new Found("nesting deeper than " + MAX_DEPTH + " levels is not accepted");
            }
            if (n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (hasLoneSurrogate(e.getKey())) {
                        return new Found("a member name holds an unpaired UTF-16 surrogate (\\u"
                                + Integer.toHexString(loneSurrogate(e.getKey())) + "), which is no character; got " + quoted(e.getKey()));
                    }
                    Found f = check(e.getValue(), depth + 1);
                    if (f != null) {
                        return f.at("." + quoted(e.getKey()).replace("\"", ""));
                    }
                }
            } else {
                for (int i = 0; i < n.size(); i++) {
                    Found f = check(n.get(i), depth + 1);
                    if (f != null) {
                        return f.at("[" + i + "]");
                    }
                }
            }
            return null;
        }
        if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
            return new Found("must be a finite number, got a number too large to represent (" + n.asText() + ")");
        }
        if (n.isTextual() && hasLoneSurrogate(n.textValue())) {
            return new Found("holds an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(loneSurrogate(n.textValue()))
                    + "), which is no character; got " + quoted(n.textValue()));
        }
        return null;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Whether the JSON text in {@code b[from, to)} may hold a surrogate: an escape {@code \\uD800}-{@code \\uDFFF} or the
     * bytes {@code ED A0}-{@code ED BF} (a surrogate encoded as UTF-8, which the JSON parser passes through). False
     * means none is there; true only that {@link #firstUnstorable} must read the tree to tell (an emoji written as an
     * escaped pair is fine). Eight bytes at a time: it runs for every event of a batch that is copied as bytes.
     */
    public static boolean mayHoldSurrogate(byte[] b, int from, int to) {
        int i = from;
        while (true) {
            while (i + 8 <= to) {
                long v = (long) LONGS.get(b, i);
                long backslash = v ^ 0x5C5C5C5C5C5C5C5CL;
                long ed = v ^ 0xEDEDEDEDEDEDEDEDL;
                long found = ((backslash - ONES) & ~backslash | (ed - ONES) & ~ed) & HIGH_BITS;
                if (found != 0) {
                    i += Long.numberOfTrailingZeros(found) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= to) {
                return false;
            }
            byte c = b[i];
            if (c == '\\') {
                if (i + 3 < to && b[i + 1] == 'u' && (b[i + 2] == 'd' || b[i + 2] == 'D') && isSurrogateNibble(b[i + 3])) {
                    return true;
                }
                i += 2; // the escaped character is never the start of another escape
            } else if (c == (byte) 0xED) {
                if (i + 1 < to && (b[i + 1] & 0xFF) >= 0xA0 && (b[i + 1] & 0xFF) <= 0xBF) {
                    return true;
                }
                i++;
            } else {
                i++;
            }
        }
    }

    private static boolean isSurrogateNibble(byte c) {
        return c == '8' || c == '9' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Whether {@code s} has a high surrogate not followed by a low one, or a low one not preceded by a high one. */
    public static boolean hasLoneSurrogate(String s) {
        return loneSurrogate(s) >= 0;
    }

    private static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return c;
                }
            } else if (Character.isLowSurrogate(c)) {
                return c;
            }
        }
        return -1;
    }

    /** The text, shortened and with its surrogates written as escapes, so that the message itself is valid text. */
    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                b.append("\\u").append(Integer.toHexString(c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 80 ? "...\"" : "\"").toString();
    }
}
