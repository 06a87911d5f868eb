package io.kith.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event's stored JSON (UTF-8 bytes of one object, as the log and the events table hold it) with an index of where
 * its members lie: the value of each top-level member, and, asked for by name, the members of a top-level object. The
 * readers of stored events ({@link StoredEventReader}, identity extraction) take what they need from the index —
 * a string as text, any other value by parsing just its bytes — instead of parsing the whole event.
 *
 * <p>The index is built by skimming: strings are skipped by their quotes and escapes, nested values by counting
 * brackets; nothing is decoded or validated, since the bytes were written by Kith from JSON it had parsed (a corrupt
 * value fails when it is parsed). A member given twice is found at its last place, as a parsed tree keeps the last
 * value. Thread-safe once built (the members of context, properties and traits are indexed with the top level; any
 * other object's on its first lookup, benignly racy).
 */
public final class StoredJson {
    /** A value's place in the bytes: [start, end). */
    public record Slice(byte[] bytes, int start, int end) {
        /** Whether the value is a JSON string (then {@link StoredJson#string} reads it). */
        public boolean isString() {
            return bytes[start] == '"';
        }

        public boolean isObject() {
            return bytes[start] == '{';
        }

        public boolean isNull() {
            return end - start == 4 && bytes[start] == 'n';
        }

        @Override
        public String toString() {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }
    }

    private final byte[] bytes;
    private final Members top;

    /**
     * The members of one object: where each name (its bytes between the quotes) and each value lie. Names are compared
     * in place, never turned into Strings: a name that holds an escape is compared after decoding it.
     */
    private static final class Members {
        /** Five ints per member: where its name starts and ends, the name's hash, where its value starts and ends. */
        private static final int STRIDE = 5;
        int[] at;
        /**
         * The members of each member's object value, once indexed: while this object was (for the members identity
         * reads), or on first lookup. Only the top level has them; null elsewhere.
         */
        Members[] child;
        int count;

        /** Room for this many members before the index grows: an event's top level has a dozen, the objects in it a few. */
        Members(int capacity) {
            at = new int[capacity * STRIDE];
        }

        void add(byte[] b, int ns, int ne, int s, int e) {
            int k = count * STRIDE;
            if (k == at.length) {
                at = Arrays.copyOf(at, k * 2);
                if (child != null) {
                    child = Arrays.copyOf(child, count * 2);
                }
            }
            at[k] = ns;
            at[k + 1] = ne;
            // Each name's String.hashCode, worked out from its bytes: most lookups compare only these.
            at[k + 2] = hash(b, ns, ne);
            at[k + 3] = s;
            at[k + 4] = e;
            count++;
        }

        int capacity() {
            return at.length / STRIDE;
        }

        /** Where the i-th member's value starts. */
        int start(int i) {
            return at[i * STRIDE + 3];
        }

        /** Where the i-th member's value ends. */
        int end(int i) {
            return at[i * STRIDE + 4];
        }

        /** The hash {@link String#hashCode} gives the name: from the bytes when they are plain ASCII, else decoded. */
        private static int hash(byte[] b, int from, int to) {
            int h = 0;
            for (int k = from; k < to; k++) {
                byte x = b[k];
                if (x == '\\' || x < 0) {
                    return string(new Slice(b, from - 1, to + 1)).hashCode();
                }
                h = 31 * h + x;
            }
            return h;
        }

        /** The last member named {@code name}, or -1. */
        int find(byte[] b, String name) {
            int h = name.hashCode();
            for (int i = count - 1; i >= 0; i--) {
                int k = i * STRIDE;
                if (at[k + 2] == h && nameIs(b, at[k], at[k + 1], name)) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean nameIs(byte[] b, int from, int to, String name) {
            int n = name.length();
            if (to - from == n) {
                boolean plain = true;
                for (int k = 0; k < n; k++) {
                    byte x = b[from + k];
                    if (x == '\\' || x < 0) {
                        plain = false;
                        break;
                    }
                    if (x != name.charAt(k)) {
                        return false;
                    }
                }
                if (plain) {
                    return true;
                }
            }
            // Escapes or non-ASCII bytes: compare the decoded name (rare).
            for (int k = from; k < to; k++) {
                if (b[k] == '\\' || b[k] < 0) {
                    return string(new Slice(b, from - 1, to + 1)).equals(name);
                }
            }
            return false;
        }
    }

    /**
     * Indexes the top level of {@code bytes} (kept, not copied).
     *
     * @throws IllegalArgumentException when the bytes do not hold a JSON object
     */
    public StoredJson(byte[] bytes) {
        this.bytes = bytes;
        int p = skipWhitespace(bytes, 0, bytes.length);
        if (p >= bytes.length || bytes[p] != '{') {
            throw new IllegalArgumentException("not a JSON object");
        }
        int[] at = {p};
        Members m = members(bytes, at, bytes.length, true);
        if (m.child == null) {
            m.child = new Members[m.capacity()];
        }
        this.top = m;
    }

    /**
     * The top-level members whose object value is indexed in the same pass as the top level: the ones every reader of
     * an event's identity looks into. Indexing them later would step over their bytes a second time.
     */
    private static final String[] INDEXED_AT_ONCE = {"context", "properties", "traits"};

    public byte[] bytes() {
        return bytes;
    }

    /** The value of a top-level member, or null when there is none. */
    public Slice member(String name) {
        int i = top.find(bytes, name);
        return i < 0 ? null : new Slice(bytes, top.start(i), top.end(i));
    }

    /** The value of member {@code name} of the top-level object {@code parent}; null when either is missing or not an object. */
    public Slice member(String parent, String name) {
        int i = top.find(bytes, parent);
        if (i < 0 || bytes[top.start(i)] != '{') {
            return null;
        }
        Members m = top.child[i];
        if (m == null) {
            int[] at = {top.start(i)};
            m = members(bytes, at, top.end(i), false);
            top.child[i] = m;
        }
        int k = m.find(bytes, name);
        return k < 0 ? null : new Slice(bytes, m.start(k), m.end(k));
    }

    /** The text of a string value (escapes decoded). */
    public static String string(Slice s) {
        byte[] b = s.bytes();
        int from = s.start() + 1;
        int to = s.end() - 1;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return unescape(b, from, to);
            }
        }
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** The members of the object at {@code at[0]} (its '{'), up to {@code limit}; leaves {@code at[0]} after its '}'. */
    private static Members members(byte[] b, int[] at, int limit, boolean top) {
        Members m = new Members(top ? 16 : 8);
        int p = skipWhitespace(b, at[0] + 1, limit);
        if (p < limit && b[p] == '}') {
            at[0] = p + 1;
            return m;
        }
        while (p < limit) {
            if (b[p] != '"') {
                throw new IllegalArgumentException("expected a member name at byte " + p);
            }
            int nameStart = p;
            int nameEnd = skipString(b, p, limit);
            p = skipWhitespace(b, nameEnd, limit);
            if (p >= limit || b[p] != ':') {
                throw new IllegalArgumentException("expected ':' at byte " + p);
            }
            int valueStart = skipWhitespace(b, p + 1, limit);
            Members inner = null;
            int valueEnd;
            if (top && valueStart < limit && b[valueStart] == '{' && indexedAtOnce(b, nameStart + 1, nameEnd - 1)) {
                int[] sub = {valueStart};
                inner = members(b, sub, limit, false);
                valueEnd = sub[0];
            } else {
                valueEnd = skipValue(b, valueStart, limit);
            }
            m.add(b, nameStart + 1, nameEnd - 1, valueStart, valueEnd);
            if (inner != null) {
                if (m.child == null) {
                    m.child = new Members[m.capacity()];
                }
                m.child[m.count - 1] = inner;
            }
            p = skipWhitespace(b, valueEnd, limit);
            if (p < limit && b[p] == ',') {
                p = skipWhitespace(b, p + 1, limit);
            } else if (p < limit && b[p] == '}') {
                at[0] = p + 1;
                return m;
            } else {
                throw new IllegalArgumentException("expected ',' or '}' at byte " + p);
            }
        }
        throw new IllegalArgumentException("unterminated object");
    }

    private static boolean indexedAtOnce(byte[] b, int from, int to) {
        for (String name : INDEXED_AT_ONCE) {
            if (to - from == name.length() && Members.nameIs(b, from, to, name)) {
                return true;
            }
        }
        return false;
    }

    private static int skipWhitespace(byte[] b, int p, int limit) {
        while (p < limit && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    /** Eight bytes at a time, for stepping over the plain runs of a string. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** The index after the string starting at {@code p} (its opening quote). */
    private static int skipString(byte[] b, int p, int limit) {
        int i = p + 1;
        while (true) {
            // Whole words of eight bytes while none is a quote or a backslash (the usual test for a zero byte, applied
            // to the word xor'ed with each; its lowest flag is exact), then straight to the first that is: most of an
            // event's bytes are in strings.
            while (i + 8 <= limit) {
                long v = (long) LONGS.get(b, i);
                long quote = v ^ 0x2222222222222222L;
                long backslash = v ^ 0x5C5C5C5C5C5C5C5CL;
                long found = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash) & HIGH_BITS;
                if (found != 0) {
                    i += Long.numberOfTrailingZeros(found) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= limit) {
                throw new IllegalArgumentException("unterminated string");
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    /** The index after the value starting at {@code p}. */
    private static int skipValue(byte[] b, int p, int limit) {
        if (p >= limit) {
            throw new IllegalArgumentException("missing value");
        }
        byte c = b[p];
        if (c == '"') {
            return skipString(b, p, limit);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int i = p; i < limit; i++) {
                byte x = b[i];
                if (x == '"') {
                    i = skipString(b, i, limit) - 1;
                } else if (x == '{' || x == '[') {
                    depth++;
                } else if (x == '}' || x == ']') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
            }
            throw new IllegalArgumentException("unterminated " + (c == '{' ? "object" : "array"));
        }
        int i = p;
        while (i < limit && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
            i++;
        }
        if (i == p) {
            throw new IllegalArgumentException("missing value at byte " + p);
        }
        return i;
    }

    private static String unescape(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int runStart = from;
        for (int i = from; i < to; i++) {
            if (b[i] != '\\') {
                continue;
            }
            out.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            char e = (char) b[++i];
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(new String(b, i + 1, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
            runStart = i + 1;
        }
        out.append(new String(b, runStart, to - runStart, StandardCharsets.UTF_8));
        return out.toString();
    }
}
