package io.kith.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of a stored member whose value recurs from event to event (its type, source id, brand), found by their
 * UTF-8 bytes: one String per value instead of a new one per event read, and the same instance each time, so that the
 * readers after (identity's source and brand lookups, {@link EventType#fromWire}) compare it by identity with its hash
 * at hand. Holds the last {@value #SLOTS} values seen; a member with more distinct values costs only the look before a
 * String is made as before.
 *
 * <p>Thread-safe: a slot holds an immutable entry, written without a lock (a write lost to a race costs one String
 * made again).
 */
final class RecurringStrings {
    private static final int SLOTS = 8;

    private record Known(byte[] utf8, String text) {
    }

    private final Known[] known = new Known[SLOTS];
    private int next;

    /** The text of a stored string value, as {@link StoredJson#string} reads it. */
    String text(StoredJson.Slice value) {
        byte[] b = value.bytes();
        int from = value.start() + 1;
        int to = value.end() - 1;
        int length = to - from;
        for (Known k : known) {
            if (k != null && k.utf8.length == length && Arrays.equals(k.utf8, 0, length, b, from, to)) {
                return k.text;
            }
        }
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return StoredJson.string(value); // escaped: rare, and not kept
            }
        }
        String text = new String(b, from, length, StandardCharsets.UTF_8);
        known[next++ & (SLOTS - 1)] = new Known(Arrays.copyOfRange(b, from, to), text);
        return text;
    }
}
