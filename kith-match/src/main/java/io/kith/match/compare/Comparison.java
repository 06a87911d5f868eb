package io.kith.match.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * How two records are compared on one column: the value is prepared, then the first level that holds is the pair's
 * level. A pair where either value is missing is at the null level ({@link #NULL}), which weighs nothing.
 *
 * @param name          the name shown in explanations
 * @param column        the column compared
 * @param prepare       how values are normalised first
 * @param levels        the levels in order; {@link Level.Else} is appended when missing
 * @param termFrequency whether an exact match on a value is weighed by how common the value is
 * @param swapWith      the column a record may hold this column's value in by mistake (surname for a given name): a pair
 *                      whose values line up better crossed is compared crossed (see {@link #level}); null when none
 */
public record Comparison(String name, String column, Prepare prepare, List<Level> levels, boolean termFrequency, String swapWith) {
    /** The level of a pair with a missing value. */
    public static final int NULL = -1;
    /** Between a value and its swap column's in {@link #prepared(String, String)}; no prepared text holds it. */
    static final char SWAP_SEPARATOR = '\u001f';

    public Comparison(String name, String column, Prepare prepare, List<Level> levels, boolean termFrequency) {
        this(name, column, prepare, levels, termFrequency, null);
    }

    public Comparison {
        if (levels.isEmpty() || !(levels.getLast() instanceof Level.Else)) {
            List<Level> withElse = new ArrayList<>(levels);
            withElse.add(new Level.Else());
            levels = withElse;
        }
        levels = List.copyOf(levels);
        if (termFrequency && !(levels.getFirst() instanceof Level.Exact)) {
            throw new IllegalArgumentException("comparison " + name + ": term-frequency adjustment needs an exact first level");
        }
    }

    /**
     * Whether level {@code level} is term-frequency adjusted: with {@code termFrequency}, the exact level (on the
     * value's frequency) and a same-local-part level (on the local part's: "olivia.anderson" at two providers is
     * weaker evidence when many people's addresses start so).
     */
    public boolean adjusted(int level) {
        return termFrequency && level >= 0 && (level == 0 || levels.get(level) instanceof Level.EmailLocalPart);
    }

    /**
     * What a record is compared on: its prepared value or, when the comparison has a swap column, the prepared value
     * (empty when missing), {@link #SWAP_SEPARATOR} and the swap column's prepared value (empty when missing); null when
     * there is nothing to compare.
     */
    public String prepared(String raw, String rawSwap) {
        String own = prepare.apply(raw);
        if (swapWith == null) {
            return own;
        }
        String other = prepare.apply(rawSwap);
        if (own == null && other == null) {
            return null;
        }
        return (own == null ? "" : own) + SWAP_SEPARATOR + (other == null ? "" : other);
    }

    /** The comparison's own part of a value from {@link #prepared(String, String)}, or null when missing. */
    public static String own(String prepared) {
        int at = prepared.indexOf(SWAP_SEPARATOR);
        return at < 0 ? prepared : at == 0 ? null : prepared.substring(0, at);
    }

    /** The swap column's part of a value from {@link #prepared(String, String)}, or null. */
    static String other(String prepared) {
        int at = prepared.indexOf(SWAP_SEPARATOR);
        return at < 0 || at == prepared.length() - 1 ? null : prepared.substring(at + 1);
    }

    /**
     * The level index of two prepared values ({@link #prepared(String, String)}), or {@link #NULL}.
     *
     * <p>With a swap column, when the two records' values line up better crossed (this column of one against the
     * swap column of the other, and the other way round) than straight, this column's value of {@code a} is compared
     * with the swap column's of {@code b}. Why not a "swapped" level of its own: a swap moves both names at once, so
     * two such levels are one piece of evidence counted as two independent ones, and EM halves it. On Splink's
     * fake_1000 the two levels gave a swapped pair 4.1 + 4.1 bits against 6.6 + 6.8 for the same names in place,
     * and a swapped pair with a changed birth year stayed below the threshold. The test is symmetric in the two
     * columns, so the given-name and the surname comparison of a pair always agree on crossing.
     */
    public int level(String a, String b) {
        if (a == null || b == null) {
            return NULL;
        }
        if (swapWith != null) {
            String a0 = own(a);
            String b0 = own(b);
            b = crossed(a0, other(a), b0, other(b)) ? other(b) : b0;
            a = a0;
            if (a == null || b == null) {
                return NULL;
            }
        }
        return straightLevel(a, b);
    }

    /** Whether two values prepared with the swap column are compared crossed (see {@link #level}); false without one. */
    public boolean crossed(String a, String b) {
        return swapWith != null && a != null && b != null && crossed(own(a), other(a), own(b), other(b));
    }

    /** The level of two plain prepared values (without their swap column's), both present. */
    int straightLevel(String a, String b) {
        // Levels are tried in order, but a similarity shared by several levels (jw>=0.92, jw>=0.85, ...) is computed once.
        double jw = Double.NaN;
        int lev = -1;
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            switch (level) {
                case Level.JaroWinkler j -> {
                    if (Double.isNaN(jw)) {
                        jw = Similarity.jaroWinkler(a, b);
                    }
                    if (jw >= j.atLeast()) {
                        return i;
                    }
                }
                case Level.Levenshtein l -> {
                    if (lev < 0) {
                        lev = Similarity.levenshtein(a, b, maxLevenshtein());
                    }
                    if (lev <= l.atMost()) {
                        return i;
                    }
                }
                default -> {
                    if (level.test(a, b)) {
                        return i;
                    }
                }
            }
        }
        return levels.size() - 1;
    }

    /**
     * Whether values (a0, a1) and (b0, b1), any of them null, are closer crossed, a0 with b1 and a1 with b0, than
     * straight, and neither is equal straight. Only a close crossing counts (every crossed pair present with the same
     * first letter and at least {@link #CLOSE} similar): two people's unrelated names often line up a little better
     * crossed by chance. The first letter is a cheap test that spares the similarity on almost every pair of two
     * different people, so name comparisons cost little more than without a swap column.
     */
    static boolean crossed(String a0, String a1, String b0, String b1) {
        if (a0 != null && a0.equals(b0) || a1 != null && a1.equals(b1)) {
            return false; // a name in its place is not swapped ("Anna Ann" / "Anna Hanna" would line up better crossed)
        }
        if (!sameInitial(a0, b1) || !sameInitial(a1, b0)) {
            return false;
        }
        double x0 = similarity(a0, b1);
        if (x0 < CLOSE) {
            return false;
        }
        double x1 = similarity(a1, b0);
        if (x1 < CLOSE || Double.isNaN(x0) && Double.isNaN(x1)) {
            return false;
        }
        return zeroIfMissing(x0) + zeroIfMissing(x1) > zeroIfMissing(similarity(a0, b0)) + zeroIfMissing(similarity(a1, b1));
    }

    /** How similar (Jaro-Winkler) crossed values must be for a pair to be compared crossed. */
    static final double CLOSE = 0.85;

    /** Jaro-Winkler similarity, NaN when either value is missing. */
    private static double similarity(String x, String y) {
        return x == null || y == null ? Double.NaN : Similarity.jaroWinkler(x, y);
    }

    /** True when either value is missing (nothing to veto) or both start with the same character. */
    private static boolean sameInitial(String x, String y) {
        return x == null || y == null || x.charAt(0) == y.charAt(0);
    }

    private static double zeroIfMissing(double x) {
        return Double.isNaN(x) ? 0.0 : x;
    }

    private int maxLevenshtein() {
        int max = 0;
        for (Level l : levels) {
            if (l instanceof Level.Levenshtein lev) {
                max = Math.max(max, lev.atMost());
            }
        }
        return max;
    }

    public int size() {
        return levels.size();
    }
}
