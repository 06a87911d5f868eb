package io.kith.store.duckdb;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A set of profile ids, compact for Kith's own ({@code p_} + a sequence in base 36, kept as the sequence: 8 bytes and
 * no String each); any other id is kept as it is. Not thread-safe.
 */
final class ProfileIdSet {
    private final LongOpenHashSet sequences = new LongOpenHashSet();
    private final Set<String> others = new HashSet<>();

    void add(String id) {
        long seq = sequence(id);
        if (seq >= 0) {
            sequences.add(seq);
        } else {
            others.add(id);
        }
    }

    boolean contains(String id) {
        long seq = sequence(id);
        return seq >= 0 ? sequences.contains(seq) : others.contains(id);
    }

    void clear() {
        sequences.clear();
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
