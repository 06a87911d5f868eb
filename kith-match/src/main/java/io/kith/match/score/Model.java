package io.kith.match.score;

import io.kith.match.compare.Comparison;
import java.util.List;

/**
 * A trained Fellegi-Sunter model: per comparison level, m = P(level | match) and u = P(level | non-match), and the
 * prior λ = P(two random records match). Weights are in bits (log2 of Bayes factors).
 *
 * @param tfMinimum the smallest value frequency used by the term-frequency adjustment; it caps the boost a rare (often
 *                  misspelt) value can give
 */
public record Model(List<Comparison> comparisons, double[][] m, double[][] u, double lambda, double tfMinimum) {
    public Model {
        comparisons = List.copyOf(comparisons);
        if (m.length != comparisons.size() || u.length != comparisons.size()) {
            throw new IllegalArgumentException("m and u need one row per comparison");
        }
        for (int c = 0; c < comparisons.size(); c++) {
            if (m[c].length != comparisons.get(c).size() || u[c].length != comparisons.get(c).size()) {
                throw new IllegalArgumentException("comparison " + comparisons.get(c).name() + " has " + comparisons.get(c).size()
                        + " levels; m and u must have as many");
            }
        }
        if (!(lambda > 0 && lambda < 1)) {
            throw new IllegalArgumentException("the prior match probability is in (0, 1), not " + lambda);
        }
    }

    /** log2(λ / (1 − λ)): the weight of a pair before any comparison. */
    public double priorWeight() {
        return log2(lambda / (1 - lambda));
    }

    /** log2(m / u) of level {@code level} of comparison {@code c}; 0 for the null level. */
    public double weight(int c, int level) {
        return level < 0 ? 0.0 : log2(m[c][level] / u[c][level]);
    }

    /**
     * The term-frequency term of a level reached on a value with frequency {@code frequency} (0 when the level is not
     * adjusted, see {@link Comparison#adjusted}): log2 of the level's u over the value's share among non-matches, so a
     * common value weighs less than the level's average and a rare one more. A value's frequency counts the record's
     * own duplicates too: another record has it with probability λ·m (a match at this level) + (1 − λ)·u_value, so
     * u_value is taken as frequency − λ·m, at least {@code tfMinimum}. Nothing in a large table (λ 10^-6 at 1,000,000
     * records); on fake_1000 (λ 0.004, a person's e-mail in 3 of 1,000 records) it lifted links F1 from 0.951 to 0.955
     * and RLdata10000 from 0.9620 to 0.9626; the synthetic 10,000- and 100,000-record benches moved by 0.0003.
     */
    public double tfAdjustment(int c, int level, double frequency) {
        if (frequency <= 0 || !comparisons.get(c).adjusted(level)) {
            return 0.0;
        }
        return log2(u[c][level]) - log2(Math.max(frequency - lambda * m[c][level], tfMinimum));
    }

    public static double probability(double weight) {
        return 1.0 / (1.0 + Math.pow(2, -weight));
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
