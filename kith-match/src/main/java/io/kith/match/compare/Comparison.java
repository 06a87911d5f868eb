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
 */
public record Comparison(String name, String column, Prepare prepare, List<Level> levels, boolean termFrequency) {
    /** The level of a pair with a missing value. */
    public static final int NULL = -1;

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

    /** The level index of two prepared values, or {@link #NULL}. */
    public int level(String a, String b) {
        if (a == null || b == null) {
            return NULL;
        }
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
