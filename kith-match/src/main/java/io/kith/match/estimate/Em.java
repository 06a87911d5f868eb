package io.kith.match.estimate;

import it.unimi.dsi.fastutil.longs.Long2LongMap;

/**
 * Expectation-maximisation of m probabilities (and the share of matches λ) over counted comparison patterns, with
 * u held fixed, as Splink trains: u from random pairs anchors what "non-match" means, so EM cannot drift into
 * splitting the data along some other line. Runs in log space; m gets a small Dirichlet prior (pseudo-counts
 * around the starting m), so a level no match reached keeps a small, non-zero m.
 */
public final class Em {
    /** What EM found. */
    public record Result(double[][] m, double lambda, int iterations, boolean converged) {
    }

    private static final double PSEUDO_COUNT = 1.0;

    private Em() {
    }

    /**
     * @param active    bit c set: comparison c is trained; the others are left out of the pattern's odds
     * @param u         fixed u per comparison and level
     * @param mStart    starting m per comparison and level (also the prior's centre)
     * @param maxIterations at most this many rounds
     * @param tolerance stops when no parameter moves more than this
     */
    public static Result run(Patterns patterns, long active, double[][] u, double[][] mStart, double lambdaStart, int maxIterations,
                             double tolerance) {
        int comparisons = u.length;
        double[][] m = new double[comparisons][];
        for (int c = 0; c < comparisons; c++) {
            m[c] = mStart[c].clone();
        }
        double lambda = lambdaStart;
        long[] keys = new long[patterns.counts().size()];
        long[] counts = new long[keys.length];
        int k = 0;
        for (Long2LongMap.Entry e : patterns.counts().long2LongEntrySet()) {
            keys[k] = e.getLongKey();
            counts[k++] = e.getLongValue();
        }
        int[][] levels = new int[keys.length][comparisons];
        for (int p = 0; p < keys.length; p++) {
            for (int c = 0; c < comparisons; c++) {
                levels[p][c] = (active & (1L << c)) == 0 ? -1 : Patterns.level(keys[p], c);
            }
        }
        double total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return new Result(m, lambda, 0, true);
        }
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations && !converged) {
            iteration++;
            double[][] matchMass = new double[comparisons][];
            for (int c = 0; c < comparisons; c++) {
                matchMass[c] = new double[m[c].length];
            }
            double[][] logRatio = new double[comparisons][];
            for (int c = 0; c < comparisons; c++) {
                logRatio[c] = new double[m[c].length];
                for (int l = 0; l < m[c].length; l++) {
                    logRatio[c][l] = Math.log(m[c][l]) - Math.log(u[c][l]);
                }
            }
            double priorLogOdds = Math.log(lambda) - Math.log1p(-lambda);
            double matches = 0;
            for (int p = 0; p < keys.length; p++) {
                double logOdds = priorLogOdds;
                for (int c = 0; c < comparisons; c++) {
                    int l = levels[p][c];
                    if (l >= 0) {
                        logOdds += logRatio[c][l];
                    }
                }
                double posterior = logOdds > 0 ? 1.0 / (1.0 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1.0 + Math.exp(logOdds));
                double mass = posterior * counts[p];
                matches += mass;
                for (int c = 0; c < comparisons; c++) {
                    int l = levels[p][c];
                    if (l >= 0) {
                        matchMass[c][l] += mass;
                    }
                }
            }
            double change = 0;
            for (int c = 0; c < comparisons; c++) {
                if ((active & (1L << c)) == 0) {
                    continue;
                }
                double sum = 0;
                for (double x : matchMass[c]) {
                    sum += x;
                }
                for (int l = 0; l < m[c].length; l++) {
                    double next = (matchMass[c][l] + PSEUDO_COUNT * mStart[c][l]) / (sum + PSEUDO_COUNT);
                    change = Math.max(change, Math.abs(next - m[c][l]));
                    m[c][l] = next;
                }
            }
            double nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matches / total));
            change = Math.max(change, Math.abs(nextLambda - lambda));
            lambda = nextLambda;
            converged = change < tolerance;
        }
        return new Result(m, lambda, iteration, converged);
    }

    /**
     * The prior λ over all {@code allPairs} pairs, with m and u fixed: the expected number of matches among the
     * candidate pairs (counted in {@code blocked}) divided by all pairs, iterated to a fixed point. Pairs outside
     * the blocks are taken as non-matches, which is what blocking assumes.
     */
    public static double prior(Patterns blocked, double[][] m, double[][] u, double allPairs, double lambdaStart, int iterations) {
        double lambda = lambdaStart;
        int comparisons = u.length;
        for (int i = 0; i < iterations; i++) {
            double priorLogOdds = Math.log(lambda) - Math.log1p(-lambda);
            double matches = 0;
            for (Long2LongMap.Entry e : blocked.counts().long2LongEntrySet()) {
                double logOdds = priorLogOdds;
                for (int c = 0; c < comparisons; c++) {
                    int l = Patterns.level(e.getLongKey(), c);
                    if (l >= 0) {
                        logOdds += Math.log(m[c][l]) - Math.log(u[c][l]);
                    }
                }
                double posterior = logOdds > 0 ? 1.0 / (1.0 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1.0 + Math.exp(logOdds));
                matches += posterior * e.getLongValue();
            }
            double next = Math.min(0.5, Math.max(1.0 / Math.max(2, allPairs), matches / allPairs));
            if (Math.abs(next - lambda) < lambda * 1e-4) {
                return next;
            }
            lambda = next;
        }
        return lambda;
    }
}
