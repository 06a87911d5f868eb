package io.kith.identity;

import java.util.Arrays;

/**
 * The log sequences of every profile's events, as linked lists in a few large arrays rather than an array per profile.
 * An event is added at the head of its profile's list, so recording it touches no memory of earlier events (an array
 * per profile would be read at its end, one more cache miss per event, and copied as it grows); a merge joins two lists
 * in constant time. Pages of {@value #PAGE_SIZE} entries are never copied once made, and hold no references, so the
 * collector never walks them. Not thread-safe.
 */
final class EventLists {
    private static final int PAGE_BITS = 16;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private long[][] sequences = new long[4][];
    /** The entry after each entry in its list (older events, or a merged profile's), -1 at the end. */
    private int[][] next = new int[4][];
    private int size;

    /** Adds an event before the list starting at {@code head} (-1: a new list) and answers the new head. */
    int prepend(int head, long sequence) {
        if (size == Integer.MAX_VALUE) {
            throw new IllegalStateException("one identity graph holds at most " + Integer.MAX_VALUE + " events");
        }
        int page = size >>> PAGE_BITS;
        if (page == sequences.length) {
            sequences = Arrays.copyOf(sequences, page * 2);
            next = Arrays.copyOf(next, page * 2);
        }
        if (sequences[page] == null) {
            sequences[page] = new long[PAGE_SIZE];
            next[page] = new int[PAGE_SIZE];
        }
        int e = size++;
        sequences[page][e & PAGE_MASK] = sequence;
        next[page][e & PAGE_MASK] = head;
        return e;
    }

    /** Joins the list ending at {@code tail} to the list starting at {@code head}: the first list then runs on into the second. */
    void link(int tail, int head) {
        next[tail >>> PAGE_BITS][tail & PAGE_MASK] = head;
    }

    /** Adds to {@code out} the sequences in {@code [from, to)} of the list starting at {@code head} ({@code count} entries), in list order. */
    void between(int head, int count, long from, long to, it.unimi.dsi.fastutil.longs.LongArrayList out) {
        int seen = 0;
        for (int e = head; e >= 0 && seen < count; e = next[e >>> PAGE_BITS][e & PAGE_MASK], seen++) {
            long s = sequences[e >>> PAGE_BITS][e & PAGE_MASK];
            if (s >= from && s < to) {
                out.add(s);
            }
        }
    }

    /** The {@code count} sequences of the list starting at {@code head}, in increasing order. */
    long[] sorted(int head, int count) {
        long[] out = new long[count];
        int n = 0;
        for (int e = head; e >= 0 && n < count; e = next[e >>> PAGE_BITS][e & PAGE_MASK]) {
            out[n++] = sequences[e >>> PAGE_BITS][e & PAGE_MASK];
        }
        if (n != count) {
            throw new IllegalStateException("event list holds " + n + " events, expected " + count);
        }
        Arrays.sort(out);
        return out;
    }
    /** Writes every list (the entries in use, page by page) for a snapshot. */
    void writeTo(SnapshotWriter w) throws java.io.IOException {
        w.writeInt(size);
        for (int page = 0; page * PAGE_SIZE < size; page++) {
            int n = Math.min(PAGE_SIZE, size - page * PAGE_SIZE);
            w.writeLongs(sequences[page], n);
            w.writeInts(next[page], n);
        }
    }

    /** The lists as {@link #writeTo} wrote them. */
    static EventLists readFrom(SnapshotReader r) throws java.io.IOException {
        EventLists lists = new EventLists();
        int size = r.readInt();
        if (size < 0) {
            throw new SnapshotReader.Corrupt("event lists of " + size + " entries");
        }
        int pages = (int) ((size + (long) PAGE_SIZE - 1) / PAGE_SIZE);
        int capacity = Math.max(4, Integer.highestOneBit(Math.max(1, pages)) * 2);
        lists.sequences = new long[capacity][];
        lists.next = new int[capacity][];
        for (int page = 0; page < pages; page++) {
            lists.sequences[page] = r.readLongs(PAGE_SIZE);
            lists.next[page] = r.readInts(PAGE_SIZE);
            if (lists.sequences[page].length != PAGE_SIZE || lists.next[page].length != PAGE_SIZE) {
                throw new SnapshotReader.Corrupt("an event list page of more than " + PAGE_SIZE + " entries");
            }
        }
        lists.size = size;
        return lists;
    }
}
