package io.kith.match.estimate;

import io.kith.match.compare.Column;
import java.util.List;
import java.util.SplittableRandom;

/**
 * u probabilities from random pairs: nearly every random pair is a non-match, so the share of random pairs at a
 * level estimates P(level | non-match). Every pair is used when there are at most {@code samples} of them.
 * A level never seen gets half a pair (add-½ smoothing), never 0, so its weight stays finite.
 */
public final class UEstimate {
    private UEstimate() {
    }

    public static double[][] estimate(List<Column> columns, long samples, long seed) {
        return sample(columns, samples, seed).u();
    }

    /** The level counts of the random pairs, per comparison (pairs where a value is missing are not counted). */
    public record Sample(double[][] counts) {
        /** u with add-½ smoothing: the share of random pairs at each level. */
        public double[][] u() {
            return withoutMatches(null, 0);
        }

        /**
         * u of the non-matches: the random pairs' share at each level less what the matches among them put there
         * (λ·m), over 1 − λ, at least the smoothed share of half a pair.
         */
        public double[][] withoutMatches(double[][] m, double lambda) {
            double[][] u = new double[counts.length][];
            for (int c = 0; c < counts.length; c++) {
                double total = 0;
                for (double x : counts[c]) {
                    total += x + 0.5;
                }
                u[c] = new double[counts[c].length];
                double sum = 0;
                for (int l = 0; l < counts[c].length; l++) {
                    double observed = (counts[c][l] + 0.5) / total;
                    u[c][l] = m == null ? observed : Math.max(0.5 / total, (observed - lambda * m[c][l]) / (1 - lambda));
                    sum += u[c][l];
                }
                for (int l = 0; l < counts[c].length; l++) {
                    u[c][l] /= sum;
                }
            }
            return u;
        }
    }

    public static Sample sample(List<Column> columns, long samples, long seed) {
        int n = columns.isEmpty() ? 0 : columns.getFirst().size();
        double[][] counts = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            counts[c] = new double[columns.get(c).comparison().size()];
        }
        long all = (long) n * (n - 1) / 2;
        if (all <= samples) {
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    count(columns, counts, a, b);
                }
            }
        } else {
            // a fixed number of chunks, each with its own seed, so the result does not depend on the thread count
            int chunks = 16;
            double[][][] partial = new double[chunks][][];
            java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
                double[][] mine = new double[counts.length][];
                for (int c = 0; c < counts.length; c++) {
                    mine[c] = new double[counts[c].length];
                }
                SplittableRandom random = new SplittableRandom(seed * 31 + k);
                long share = samples / chunks + (k < samples % chunks ? 1 : 0);
                for (long s = 0; s < share; s++) {
                    int a = random.nextInt(n);
                    int b = random.nextInt(n - 1);
                    count(columns, mine, a, b >= a ? b + 1 : b);
                }
                partial[k] = mine;
            });
            for (double[][] p : partial) {
                for (int c = 0; c < counts.length; c++) {
                    for (int l = 0; l < counts[c].length; l++) {
                        counts[c][l] += p[c][l];
                    }
                }
            }
        }
        return new Sample(counts);
    }

    private static void count(List<Column> columns, double[][] counts, int a, int b) {
        for (int c = 0; c < columns.size(); c++) {
            int level = columns.get(c).level(a, b);
            if (level >= 0) {
                counts[c][level]++;
            }
        }
    }
}
