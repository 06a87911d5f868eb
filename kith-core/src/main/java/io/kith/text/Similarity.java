package io.kith.text;

/**
 * String similarity used by record matching (kith-match's comparison levels) and by identity resolution's evidence
 * against a merge ({@link io.kith.identity.Disagreement}): one implementation for both. Stateless, thread-safe.
 */
public final class Similarity {
    private Similarity() {
    }

    /** Jaro similarity in [0, 1]; 1 for equal strings (two empty strings included). */
    public static double jaro(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (la == 0 && lb == 0) {
            return 1.0;
        }
        if (la == 0 || lb == 0) {
            return 0.0;
        }
        int window = Math.max(0, Math.max(la, lb) / 2 - 1);
        if (la <= 64 && lb <= 64) {
            return jaroShort(a, b, la, lb, window);
        }
        boolean[] ma = new boolean[la];
        boolean[] mb = new boolean[lb];
        int matches = 0;
        for (int i = 0; i < la; i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(lb - 1, i + window);
            char c = a.charAt(i);
            for (int j = from; j <= to; j++) {
                if (!mb[j] && b.charAt(j) == c) {
                    ma[i] = true;
                    mb[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int transpositions = 0;
        int k = 0;
        for (int i = 0; i < la; i++) {
            if (ma[i]) {
                while (!mb[k]) {
                    k++;
                }
                if (a.charAt(i) != b.charAt(k)) {
                    transpositions++;
                }
                k++;
            }
        }
        double m = matches;
        return (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
    }

    /** Jaro for strings of at most 64 characters: the matched flags are bits of two longs, so nothing is allocated. */
    private static double jaroShort(String a, String b, int la, int lb, int window) {
        long ma = 0;
        long mb = 0;
        int matches = 0;
        for (int i = 0; i < la; i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(lb - 1, i + window);
            char c = a.charAt(i);
            for (int j = from; j <= to; j++) {
                if ((mb & (1L << j)) == 0 && b.charAt(j) == c) {
                    ma |= 1L << i;
                    mb |= 1L << j;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int transpositions = 0;
        long restA = ma;
        long restB = mb;
        while (restA != 0) {
            int i = Long.numberOfTrailingZeros(restA);
            int k = Long.numberOfTrailingZeros(restB);
            if (a.charAt(i) != b.charAt(k)) {
                transpositions++;
            }
            restA &= restA - 1;
            restB &= restB - 1;
        }
        double m = matches;
        return (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
    }

    /**
     * Jaro-Winkler similarity in [0, 1] with the standard prefix scale 0.1 over at most 4 common leading characters,
     * boosting only when the Jaro similarity is at least 0.7 (as Apache Commons Text and Splink do).
     */
    public static double jaroWinkler(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        double j = jaro(a, b);
        if (j < 0.7) {
            return j;
        }
        int prefix = 0;
        int max = Math.min(4, Math.min(a.length(), b.length()));
        while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return j + prefix * 0.1 * (1.0 - j);
    }

    /** Levenshtein (edit) distance; returns {@code max + 1} as soon as the distance is known to exceed {@code max}. */
    public static int levenshtein(String a, String b, int max) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > max) {
            return max + 1;
        }
        if (la == 0 || lb == 0) {
            return Math.max(la, lb);
        }
        if (max <= 1) {
            return Math.min(atMostOne(a, b, la, lb), max + 1);
        }
        int[] prev = new int[lb + 1];
        int[] cur = new int[lb + 1];
        for (int j = 0; j <= lb; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= la; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= lb; j++) {
                int cost = ca == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[lb], max + 1);
    }

    /** 0, 1 or 2 (meaning "more than 1") in one pass: skip the common prefix, then the rests must be equal. */
    private static int atMostOne(String a, String b, int la, int lb) {
        int i = 0;
        int n = Math.min(la, lb);
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == n && la == lb) {
            return 0;
        }
        if (la == lb) { // one substitution at i
            return a.regionMatches(i + 1, b, i + 1, la - i - 1) ? 1 : 2;
        }
        if (la == lb + 1) { // a has one more: delete a[i]
            return a.regionMatches(i + 1, b, i, lb - i) ? 1 : 2;
        }
        return b.regionMatches(i + 1, a, i, la - i) ? 1 : 2;
    }

    /** Levenshtein distance without a bound. */
    public static int levenshtein(String a, String b) {
        return levenshtein(a, b, Math.max(a.length(), b.length()));
    }
}
