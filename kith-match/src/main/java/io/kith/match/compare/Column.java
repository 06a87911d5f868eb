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
    /**
     * A record's other values (its history) as codes, beside its first in {@code codes}: null when no record has more
     * than one value, and null for a record that has not. See {@link #encodeMany}.
     */
    private final int[][] more;
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

    private Column(Comparison comparison, String[] dictionary, int[] codes, int[][] more, int[] counts, int present,
                   Object2IntOpenHashMap<String> index, Object2IntOpenHashMap<String> ownCounts, Object2IntOpenHashMap<String> localCounts) {
        this.comparison = comparison;
        this.more = more;
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
        Dictionary d = new Dictionary();
        int[] codes = new int[size];
        int present = 0;
        for (int i = 0; i < size; i++) {
            String v = comparison.swapWith() == null ? comparison.prepare().apply(raw.apply(i)) : comparison.prepared(raw.apply(i), swapRaw.apply(i));
            if (v == null) {
                codes[i] = MISSING;
                continue;
            }
            int code = d.code(v);
            d.counts[code]++;
            codes[i] = code;
            present++;
        }
        Object2IntOpenHashMap<String> index = d.index;
        List<String> dictionary = d.values;
        int[] counts = d.counts();
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
        return new Column(comparison, dictionary.toArray(String[]::new), codes, null, counts, present, index, ownCounts,
                localCounts(comparison, dictionary, counts));
    }

    private static Object2IntOpenHashMap<String> localCounts(Comparison comparison, List<String> dictionary, int[] counts) {
        if (!comparison.termFrequency() || comparison.levels().stream().noneMatch(l -> l instanceof Level.EmailLocalPart)) {
            return null;
        }
        Object2IntOpenHashMap<String> localCounts = new Object2IntOpenHashMap<>();
        for (int code = 0; code < counts.length; code++) {
            localCounts.addTo(localPart(dictionary.get(code)), counts[code]);
        }
        return localCounts;
    }

    /**
     * Prepares and encodes {@code size} records of several values each, the {@code i}-th record's given by {@code raw}
     * (the first its current value, the others its history; null or empty when it has none), for a comparison without a
     * swap column. Two records are at the best (most agreeing) level any of their value pairs reaches, as Splink compares
     * array columns; a value's term frequency is the share of records holding it (each record counted once per distinct
     * value, so the shares of a column's values may add up to more than one). Records with one value each encode, compare
     * and weigh exactly as {@link #encode(Comparison, int, IntFunction)} does.
     */
    public static Column encodeMany(Comparison comparison, int size, IntFunction<String[]> raw) {
        if (comparison.swapWith() != null) {
            throw new IllegalArgumentException("comparison " + comparison.name() + " has a swap column: it compares one value per record");
        }
        Dictionary d = new Dictionary();
        int[] codes = new int[size];
        int[][] more = null;
        int present = 0;
        it.unimi.dsi.fastutil.ints.IntArrayList mine = new it.unimi.dsi.fastutil.ints.IntArrayList();
        for (int i = 0; i < size; i++) {
            mine.clear();
            String[] values = raw.apply(i);
            for (int v = 0; values != null && v < values.length; v++) {
                String prepared = comparison.prepare().apply(values[v]);
                if (prepared == null) {
                    continue;
                }
                int code = d.code(prepared);
                if (!mine.contains(code)) {
                    mine.add(code);
                    d.counts[code]++;
                }
            }
            codes[i] = mine.isEmpty() ? MISSING : mine.getInt(0);
            if (!mine.isEmpty()) {
                present++;
            }
            if (mine.size() > 1) {
                if (more == null) {
                    more = new int[size][];
                }
                more[i] = mine.subList(1, mine.size()).toIntArray();
            }
        }
        int[] counts = d.counts();
        return new Column(comparison, d.values.toArray(String[]::new), codes, more, counts, present, d.index, null,
                localCounts(comparison, d.values, counts));
    }

    /** Prepared values in the order first met, each with its code, and the number of records holding each (kept by the caller). */
    private static final class Dictionary {
        final Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
        final List<String> values = new ArrayList<>();
        int[] counts = new int[16];

        Dictionary() {
            index.defaultReturnValue(MISSING);
        }

        /** The code of a prepared value, a new one when it is first met. */
        int code(String value) {
            int code = index.getInt(value);
            if (code == MISSING) {
                code = values.size();
                index.put(value, code);
                values.add(value);
                if (code == counts.length) {
                    counts = java.util.Arrays.copyOf(counts, counts.length * 2);
                }
            }
            return code;
        }

        int[] counts() {
            return java.util.Arrays.copyOf(counts, values.size());
        }
    }

    public Comparison comparison() {
        return comparison;
    }

    /** The prepared value of record {@code i}, or null. */
    public String value(int i) {
        int c = codes[i];
        return c == MISSING ? null : dictionary[c];
    }

    /**
     * The level of records {@code a} and {@code b} ({@link Comparison#NULL} when either is missing); for records with
     * several values, the best level of any pair of their values.
     */
    public int level(int a, int b) {
        if (more != null && (more[a] != null || more[b] != null)) {
            return best(a, b)[0];
        }
        return level(a, codes[a], b, codes[b]);
    }

    /**
     * The best level of any pair of the values of records with several values, and the codes of the pair that reached
     * it: of the pairs at that level, the one whose value of {@code a} is rarest, so that a term-frequency adjustment
     * weighs the strongest agreement ("zyx" shared beside "smith" is what tells).
     */
    private int[] best(int a, int b) {
        int[] out = {Comparison.NULL, MISSING, MISSING};
        int na = more[a] == null ? 1 : more[a].length + 1;
        int nb = more[b] == null ? 1 : more[b].length + 1;
        for (int x = 0; x < na; x++) {
            int ca = x == 0 ? codes[a] : more[a][x - 1];
            for (int y = 0; y < nb; y++) {
                int cb = y == 0 ? codes[b] : more[b][y - 1];
                int l = level(a, ca, b, cb);
                if (l < 0) {
                    continue;
                }
                if (out[0] < 0 || l < out[0] || l == out[0] && counts[ca] < counts[out[1]]) {
                    out[0] = l;
                    out[1] = ca;
                    out[2] = cb;
                }
            }
        }
        return out;
    }

    /**
     * The prepared values of {@code a} and {@code b} that gave the pair its level (the first values of records with one
     * each), or null when either is missing: what explains the level to a person.
     */
    public String[] matched(int a, int b) {
        if (more != null && (more[a] != null || more[b] != null)) {
            int[] best = best(a, b);
            return best[0] < 0 ? null : new String[] {dictionary[best[1]], dictionary[best[2]]};
        }
        return codes[a] == MISSING || codes[b] == MISSING ? null : new String[] {dictionary[codes[a]], dictionary[codes[b]]};
    }

    /**
     * The frequency a term-frequency adjustment of level {@code level} uses for the pair {@code a}, {@code b}: that of
     * {@code a}'s value, or with several values that of the pair that reached the level ({@link #best}).
     */
    public double frequency(int a, int b, int level) {
        if (more != null && (more[a] != null || more[b] != null)) {
            int[] best = best(a, b);
            return best[0] < 0 ? 0.0 : level == 0 ? frequencyOfCode(best[1]) : frequency(dictionary[best[1]], level);
        }
        return frequency(a, level);
    }

    private double frequencyOfCode(int code) {
        return present == 0 ? 0.0 : (double) counts[code] / present;
    }

    /** The level of the values with codes {@code ca} of record {@code a} and {@code cb} of record {@code b}. */
    private int level(int a, int ca, int b, int cb) {
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
