package io.kith.store.duckdb;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A set of profile ids, compact for Kith's own ({@code p_} + a sequence in base 36, kept as the sequence): a bit per
 * sequence below {@link #BITS} (an id is a store sequence, so at 10 M events the bits take at most 1.25 MB), a hash set
 * of the sequences above it, and any other id as it is. Not thread-safe.
 *
 * <p>Why bits: with a hash set of the sequences, the rewrite of every profile row after an identity rebuild at 10 M
 * events took 99–115 s on one core, and nearly half of that thread's samples were this set's hash probes (JFR,
 * {@code bench rebuild --again}: the probe loops of {@code LongOpenHashSet.contains} and {@code add}, for 1.65 M profiles
 * and 0.74 M merged ids). A bit has no probe, and the words of neighbouring sequences share cache lines: the rewrite
 * took 51 s with them.
 */
final class ProfileIdSet {
    /**
     * Sequences below this are kept as bits: at most 8 MB of them, however large an id; a store past 67 M events keeps
     * its newer profiles' sequences in the hash set.
     */
    static final long BITS = 1L << 26;
    private java.util.BitSet low = new java.util.BitSet();
    private final LongOpenHashSet high = new LongOpenHashSet();
    private final Set<String> others = new HashSet<>();

    void add(String id) {
        long seq = sequence(id);
        if (seq < 0) {
            others.add(id);
        } else if (seq < BITS) {
            low.set((int) seq);
        } else {
            high.add(seq);
        }
    }

    boolean contains(String id) {
        long seq = sequence(id);
        if (seq < 0) {
            return others.contains(id);
        }
        return seq < BITS ? low.get((int) seq) : high.contains(seq);
    }

    void clear() {
        low = new java.util.BitSet(); // not clear(): its words would stay allocated
        high.clear();
        high.trim();
        others.clear();
    }

    /** The sequence of an id in Kith's form, or -1 (only the canonical spelling: lower case, no leading zero). */
    private static long sequence(String id) {
        if (id.length() < 3 || id.length() > 15 || !id.startsWith("p_") || (id.charAt(2) == '0' && id.length() > 3)) {
            return -1;
        }
        long v = 0;
        for (int i = 2; i < id.length(); i++) {
            char c = id.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v * 36 + d;
        }
        return v;
    }
}
