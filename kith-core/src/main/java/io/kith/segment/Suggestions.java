package io.kith.segment;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a misspelt one was most likely meant to be, for "did you mean ...?" in error messages: the
 * closest by edit distance (insertions, deletions, substitutions and swaps of neighbours, ignoring case), if it is
 * close enough to be a plausible typo.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate to {@code word}, when one is within about a third of the word's length. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        if (word == null || word.isEmpty()) {
            return Optional.empty();
        }
        String lower = word.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, (word.length() + 1) / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(word)) {
                continue;
            }
            int d = distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance || d == bestDistance && best != null && c.compareTo(best) < 0) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
