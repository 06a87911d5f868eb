package io.kith.event;

/**
 * An event object as it lies in a request body: the bytes, and where each top-level member
 * ({@code "name":value}) starts and ends. It lets {@link LogRecordCodec.Writer} store an accepted event by copying
 * the members Kith did not change and writing only the few it did (the ids, the timestamps, sourceId, brand),
 * instead of serialising the whole tree again.
 *
 * <p>The member positions come from the JSON parser that read the tree, so the bytes are known to be valid JSON
 * that reads as that tree. The reader must not offer a RawEvent for an event whose bytes would read back as
 * something else than its tree serialised: one with a non-finite number (1e400 reads as an infinite double, which
 * the tree writes as the string "Infinity"). Nor is one made for bytes that may hold a payment card number
 * ({@link CardNumbers#mayHoldCard}): such an event is read into a whole tree, which the parser masks, since copied bytes
 * would keep the number. Not thread-safe; one per event.
 */
public final class RawEvent {
    /** Members Kith writes itself: {@link EventParser} sets, corrects or removes them. */
    static final String[] MANAGED = {
        "type", "messageId", "userId", "anonymousId", "event", "originalTimestamp", "timestamp", "receivedAt",
        "writeKey", "sourceId", "brand"};
    /** Members that are copied unless marked changed (batch context merging, card scrubbing). */
    static final String[] CHANGEABLE = {"context", "integrations", "traits", "properties"};

    /** Kinds: -1 for a member copied as it is, else an index into {@link #KNOWN}. */
    static final String[] KNOWN = concat(MANAGED, CHANGEABLE);

    final byte[] body;
    final int start;
    final int end;
    int count;
    /** Per member: where its name's opening quote is, where its value ends (exclusive), and its kind. */
    final int[] memberStart;
    final int[] memberEnd;
    final String[] name;
    final byte[] kind;
    /** Bit i: member {@code KNOWN[i]} is present. */
    int present;
    /** Bit i: member {@code KNOWN[i]} is to be written from the tree. */
    int changed;

    private RawEvent(byte[] body, int start, int end, int members) {
        this.body = body;
        this.start = start;
        this.end = end;
        memberStart = new int[members];
        memberEnd = new int[members];
        name = new String[members];
        kind = new byte[members];
    }

    /**
     * The event object {@code body[start, end)} (from its '{' to just after its '}'), whose top-level members' names
     * begin (at their opening quote) at {@code nameStarts[from, to)} with the decoded names {@code names[from, to)}, as
     * the JSON parser reported them while it read the object. Returns null when the bytes do not look as expected,
     * when one of Kith's own members is given twice, or when they may hold a card number.
     */
    public static RawEvent of(byte[] body, int start, int end, int[] nameStarts, String[] names, int from, int to) {
        if (start < 0 || end > body.length || end - start < 2 || body[start] != '{' || body[end - 1] != '}'
                || CardNumbers.mayHoldCard(body, start, end)) {
            return null;
        }
        RawEvent raw = new RawEvent(body, start, end, to - from);
        for (int m = from; m < to; m++) {
            int nameStart = nameStarts[m];
            if (nameStart <= start || nameStart >= end || body[nameStart] != '"') {
                return null;
            }
            int valueEnd = m + 1 < to ? beforeComma(body, nameStarts[m + 1], nameStart) : trimBack(body, end - 1, nameStart);
            if (valueEnd < 0) {
                return null;
            }
            int k = kindOf(names[m]);
            if (k >= 0) {
                if ((raw.present & (1 << k)) != 0) {
                    return null;
                }
                raw.present |= 1 << k;
            }
            raw.memberStart[raw.count] = nameStart;
            raw.memberEnd[raw.count] = valueEnd;
            raw.name[raw.count] = names[m];
            raw.kind[raw.count] = (byte) k;
            raw.count++;
        }
        if (raw.count == 0 && trimBack(body, end - 1, start) != start + 1) {
            return null;
        }
        return raw;
    }

    /** Where the value before the comma that precedes {@code next} ends, or -1 when there is no such comma. */
    private static int beforeComma(byte[] b, int next, int floor) {
        int i = trimBack(b, next, floor);
        if (i <= floor + 1 || b[i - 1] != ',') {
            return -1;
        }
        return trimBack(b, i - 1, floor);
    }

    private static int trimBack(byte[] b, int i, int floor) {
        while (i > floor + 1 && isSpace(b[i - 1])) {
            i--;
        }
        return i;
    }

    /**
     * Whether a top-level member is one Kith writes from the tree whenever it is present (its value, even an object,
     * is never copied): a reader that leaves nested values as bytes reads these into the tree.
     */
    public static boolean isManaged(String name) {
        for (String m : MANAGED) {
            if (m.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Says that a member's value in the tree differs from its bytes: it is to be written from the tree. */
    public void markChanged(String member) {
        for (int i = MANAGED.length; i < KNOWN.length; i++) {
            if (KNOWN[i].equals(member)) {
                changed |= 1 << i;
                return;
            }
        }
        throw new IllegalArgumentException("not a member that can be marked changed: " + member);
    }

    /** Bytes of the event object. */
    public int size() {
        return end - start;
    }

    private static int kindOf(String name) {
        for (int k = 0; k < KNOWN.length; k++) {
            if (KNOWN[k].equals(name)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
