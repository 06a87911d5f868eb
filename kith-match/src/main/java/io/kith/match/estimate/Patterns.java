package io.kith.match.estimate;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

/**
 * Counts of comparison-level patterns (agreement vectors), so that EM runs over distinct patterns instead of pairs
 * (as fastLink and Splink's estimation without term frequencies do). A pattern packs each comparison's level + 1
 * (0 for null) into 4 bits, so at most 16 comparisons of at most 15 levels. Not thread-safe; merge per-thread counts.
 */
public final class Patterns {
    public static final int MAX_COMPARISONS = 16;
    public static final int MAX_LEVELS = 15;

    private final Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
    private long total;

    public static long encode(int[] levels) {
        long p = 0;
        for (int c = 0; c < levels.length; c++) {
            p |= (long) (levels[c] + 1) << (4 * c);
        }
        return p;
    }

    /** The level of comparison {@code c} in a pattern (-1 for null). */
    public static int level(long pattern, int c) {
        return (int) ((pattern >>> (4 * c)) & 0xF) - 1;
    }

    /** The pattern with the comparisons not in {@code keep} (bit c for comparison c) set to null. */
    public static long mask(long pattern, long keep) {
        long p = 0;
        for (int c = 0; c < MAX_COMPARISONS; c++) {
            if ((keep & (1L << c)) != 0) {
                p |= pattern & (0xFL << (4 * c));
            }
        }
        return p;
    }

    /**
     * Per comparison, the share of the counted patterns where it has a value that are at its first level (NaN where it
     * never has one).
     */
    public double[] firstLevelShares() {
        long[] present = new long[MAX_COMPARISONS];
        long[] first = new long[MAX_COMPARISONS];
        for (Long2LongMap.Entry e : counts.long2LongEntrySet()) {
            for (int c = 0; c < MAX_COMPARISONS; c++) {
                int level = level(e.getLongKey(), c);
                if (level >= 0) {
                    present[c] += e.getLongValue();
                    if (level == 0) {
                        first[c] += e.getLongValue();
                    }
                }
            }
        }
        double[] shares = new double[MAX_COMPARISONS];
        for (int c = 0; c < MAX_COMPARISONS; c++) {
            shares[c] = present[c] == 0 ? Double.NaN : (double) first[c] / present[c];
        }
        return shares;
    }

    public void add(long pattern, long count) {
        counts.addTo(pattern, count);
        total += count;
    }

    public void addAll(Patterns other) {
        for (Long2LongMap.Entry e : other.counts.long2LongEntrySet()) {
            add(e.getLongKey(), e.getLongValue());
        }
    }

    public Long2LongOpenHashMap counts() {
        return counts;
    }

    public long total() {
        return total;
    }
}
