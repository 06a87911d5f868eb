package io.kith.match.compare;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One comparison's prepared values of every record, dictionary-encoded: equal values share one code, so equality is
 * an int comparison and a value's count (its term frequency) is at hand. Immutable once built; thread-safe to read.
 */
public final class Column {
    /** The code of a missing value. */
    public static final int MISSING = -1;

    private final Comparison comparison;
    private final String[] dictionary;
    private final int[] codes;
    private final int[] counts;
    private final int present;
    private final Object2IntOpenHashMap<String> index;
    /** The level two equal values are at (computed once: the first level that holds for a value and itself). */
    private final int equalLevel;
    /**
     * For a column of few distinct values (first names, cities, states), the level of every pair of values once
     * computed: level + 2 at [code a × distinct + code b], 0 while unknown. Threads that race write the same byte.
     */
    private final byte[] memo;
    static final int MEMO_DISTINCT = 2048;

    private Column(Comparison comparison, String[] dictionary, int[] codes, int[] counts, int present, Object2IntOpenHashMap<String> index) {
        this.comparison = comparison;
        this.dictionary = dictionary;
        this.codes = codes;
        this.counts = counts;
        this.present = present;
        this.index = index;
        this.equalLevel = dictionary.length == 0 ? comparison.size() - 1 : comparison.level(dictionary[0], dictionary[0]);
        this.memo = dictionary.length <= MEMO_DISTINCT ? new byte[dictionary.length * dictionary.length] : null;
    }

    /** Prepares and encodes {@code size} raw values, the {@code i}-th given by {@code raw}. */
    public static Column encode(Comparison comparison, int size, IntFunction<String> raw) {
        Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
        index.defaultReturnValue(MISSING);
        List<String> dictionary = new ArrayList<>();
        int[] codes = new int[size];
        int[] counts = new int[16];
        int present = 0;
        for (int i = 0; i < size; i++) {
            String v = comparison.prepare().apply(raw.apply(i));
            if (v == null) {
                codes[i] = MISSING;
                continue;
            }
            int code = index.getInt(v);
            if (code == MISSING) {
                code = dictionary.size();
                index.put(v, code);
                dictionary.add(v);
                if (code == counts.length) {
                    counts = java.util.Arrays.copyOf(counts, counts.length * 2);
                }
            }
            counts[code]++;
            codes[i] = code;
            present++;
        }
        return new Column(comparison, dictionary.toArray(String[]::new), codes, java.util.Arrays.copyOf(counts, dictionary.size()), present,
                index);
    }

    public Comparison comparison() {
        return comparison;
    }

    /** The prepared value of record {@code i}, or null. */
    public String value(int i) {
        int c = codes[i];
        return c == MISSING ? null : dictionary[c];
    }

    /** The level of records {@code a} and {@code b} ({@link Comparison#NULL} when either is missing). */
    public int level(int a, int b) {
        int ca = codes[a];
        int cb = codes[b];
        if (ca == MISSING || cb == MISSING) {
            return Comparison.NULL;
        }
        if (ca == cb) {
            return equalLevel;
        }
        if (memo != null) {
            int at = ca * dictionary.length + cb;
            int known = memo[at];
            if (known == 0) {
                known = comparison.level(dictionary[ca], dictionary[cb]) + 2;
                memo[at] = (byte) known;
            }
            return known - 2;
        }
        return comparison.level(dictionary[ca], dictionary[cb]);
    }

    /** The level of record {@code a} and a prepared value from outside the column. */
    public int level(int a, String value) {
        int ca = codes[a];
        if (ca == MISSING || value == null) {
            return Comparison.NULL;
        }
        return comparison.level(dictionary[ca], value);
    }

    /** The share of present values equal to {@code value} (0 for a value not in the column). */
    public double frequency(String value) {
        int code = index.getInt(value);
        return code == MISSING || present == 0 ? 0.0 : (double) counts[code] / present;
    }

    /** The share of present values equal to record {@code i}'s (0 when missing). */
    public double frequency(int i) {
        int code = codes[i];
        return code == MISSING || present == 0 ? 0.0 : (double) counts[code] / present;
    }

    public int size() {
        return codes.length;
    }

    public int present() {
        return present;
    }

    public int distinct() {
        return dictionary.length;
    }
}
