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

    /** With a term-frequency adjusted same-local-part level: the count of every e-mail local part; null otherwise. */
    private final Object2IntOpenHashMap<String> localCounts;
    /** With a swap column: the count of every own part ({@link Comparison#own}); null otherwise. */
    private final Object2IntOpenHashMap<String> ownCounts;
    /**
     * With a swap column: every record's own part, dictionary-encoded on its own, so that pairs compared straight (all
     * but a few) are memoised by own values as a column without a swap column is ({@code ownMemo}); null otherwise.
     */
    private final int[] ownCodes;
    private final String[] ownDictionary;
    private final byte[] ownMemo;

    private Column(Comparison comparison, String[] dictionary, int[] codes, int[] counts, int present, Object2IntOpenHashMap<String> index,
                   Object2IntOpenHashMap<String> ownCounts, Object2IntOpenHashMap<String> localCounts) {
        this.comparison = comparison;
        this.localCounts = localCounts;
        this.ownCounts = ownCounts;
        this.dictionary = dictionary;
        this.codes = codes;
        this.counts = counts;
        this.present = present;
        this.index = index;
        this.equalLevel = comparison.levels().getFirst() instanceof Level.Exact ? 0 : dictionary.length == 0 ? comparison.size() - 1
                : comparison.level(dictionary[0], dictionary[0]);
        this.memo = ownCounts == null && dictionary.length <= MEMO_DISTINCT ? new byte[dictionary.length * dictionary.length] : null;
        if (ownCounts == null) {
            this.ownCodes = null;
            this.ownDictionary = null;
            this.ownMemo = null;
        } else {
            Object2IntOpenHashMap<String> ownIndex = new Object2IntOpenHashMap<>();
            ownIndex.defaultReturnValue(MISSING);
            List<String> owns = new ArrayList<>();
            int[] byCode = new int[dictionary.length];
            for (int code = 0; code < dictionary.length; code++) {
                String own = Comparison.own(dictionary[code]);
                if (own == null) {
                    byCode[code] = MISSING;
                    continue;
                }
                int o = ownIndex.getInt(own);
                if (o == MISSING) {
                    o = owns.size();
                    ownIndex.put(own, o);
                    owns.add(own);
                }
                byCode[code] = o;
            }
            this.ownCodes = new int[codes.length];
            for (int i = 0; i < codes.length; i++) {
                ownCodes[i] = codes[i] == MISSING ? MISSING : byCode[codes[i]];
            }
            this.ownDictionary = owns.toArray(String[]::new);
            this.ownMemo = owns.size() <= MEMO_DISTINCT ? new byte[owns.size() * owns.size()] : null;
        }
    }

    /** Prepares and encodes {@code size} raw values, the {@code i}-th given by {@code raw}. */
    public static Column encode(Comparison comparison, int size, IntFunction<String> raw) {
        return encode(comparison, size, raw, i -> null);
    }

    /**
     * Prepares and encodes {@code size} raw values, the {@code i}-th given by {@code raw} and its swap column's by
     * {@code swapRaw} (read only when the comparison has a swap column).
     */
    public static Column encode(Comparison comparison, int size, IntFunction<String> raw, IntFunction<String> swapRaw) {
        Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
        index.defaultReturnValue(MISSING);
        List<String> dictionary = new ArrayList<>();
        int[] codes = new int[size];
        int[] counts = new int[16];
        int present = 0;
        for (int i = 0; i < size; i++) {
            String v = comparison.swapWith() == null ? comparison.prepare().apply(raw.apply(i)) : comparison.prepared(raw.apply(i), swapRaw.apply(i));
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
        counts = java.util.Arrays.copyOf(counts, dictionary.size());
        Object2IntOpenHashMap<String> ownCounts = null;
        if (comparison.swapWith() != null) {
            // a value's frequency is that of its own part: "rowe" is as common whatever the given name beside it
            ownCounts = new Object2IntOpenHashMap<>();
            // and only records with their own value are present: a value held only in the swap column is compared
            // crossed, never straight
            present = 0;
            for (int code = 0; code < counts.length; code++) {
                String own = Comparison.own(dictionary.get(code));
                if (own != null) {
                    ownCounts.addTo(own, counts[code]);
                    present += counts[code];
                }
            }
            for (int code = 0; code < counts.length; code++) {
                String own = Comparison.own(dictionary.get(code));
                counts[code] = own == null ? 0 : ownCounts.getInt(own);
            }
        }
        Object2IntOpenHashMap<String> localCounts = null;
        if (comparison.termFrequency() && comparison.levels().stream().anyMatch(l -> l instanceof Level.EmailLocalPart)) {
            localCounts = new Object2IntOpenHashMap<>();
            for (int code = 0; code < counts.length; code++) {
                localCounts.addTo(localPart(dictionary.get(code)), counts[code]);
            }
        }
        return new Column(comparison, dictionary.toArray(String[]::new), codes, counts, present, index, ownCounts, localCounts);
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
            return counts[ca] == 0 ? Comparison.NULL : equalLevel;
        }
        if (ownCodes != null) {
            return comparison.crossed(dictionary[ca], dictionary[cb]) ? comparison.level(dictionary[ca], dictionary[cb])
                    : straight(ownCodes[a], ownCodes[b]);
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

    /** The level of two own values by their codes, memoised like {@link #level(int, int)}'s: a pair compared straight. */
    private int straight(int oa, int ob) {
        if (oa == MISSING || ob == MISSING) {
            return Comparison.NULL;
        }
        if (oa == ob) {
            return equalLevel;
        }
        if (ownMemo == null) {
            return comparison.straightLevel(ownDictionary[oa], ownDictionary[ob]);
        }
        int at = oa * ownDictionary.length + ob;
        int known = ownMemo[at];
        if (known == 0) {
            known = comparison.straightLevel(ownDictionary[oa], ownDictionary[ob]) + 2;
            ownMemo[at] = (byte) known;
        }
        return known - 2;
    }

    /** The level of record {@code a} and a prepared value from outside the column. */
    public int level(int a, String value) {
        int ca = codes[a];
        if (ca == MISSING || value == null) {
            return Comparison.NULL;
        }
        return comparison.level(dictionary[ca], value);
    }

    /**
     * The frequency a term-frequency adjustment of level {@code level} uses for a prepared value: the share of present
     * values equal to it at the exact level, the share with its local part at a same-local-part level, else 0.
     */
    public double frequency(String value, int level) {
        if (level == 0) {
            return frequency(value);
        }
        if (localCounts == null || level < 0 || value == null || !(comparison.levels().get(level) instanceof Level.EmailLocalPart)) {
            return 0.0;
        }
        return present == 0 ? 0.0 : (double) localCounts.getInt(localPart(value)) / present;
    }

    /** {@link #frequency(String, int)} of record {@code i}'s value. */
    public double frequency(int i, int level) {
        if (level == 0) {
            return frequency(i);
        }
        int code = codes[i];
        return code == MISSING ? 0.0 : frequency(dictionary[code], level);
    }

    private static String localPart(String email) {
        int at = email.indexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }

    /** The share of present values equal to {@code value} (0 for a value not in the column). */
    public double frequency(String value) {
        if (ownCounts != null) {
            return present == 0 ? 0.0 : (double) ownCounts.getInt(Comparison.own(value)) / present;
        }
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
