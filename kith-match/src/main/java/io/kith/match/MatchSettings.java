package io.kith.match;

import io.kith.match.block.BlockingRule;
import io.kith.match.compare.Comparison;
import java.util.List;

/**
 * How records are matched.
 *
 * @param comparisons  the comparisons, at most 16 of at most 15 levels each
 * @param blocking     the OR'ed blocking rules (at most 64)
 * @param threshold    pairs with a match probability at least this are linked and clustered (default 0.5)
 * @param maxBlock     blocks with more records are skipped and reported (default 1,000)
 * @param maxPairsPerRecord a blocking rule producing more pairs than this times the records is dropped and reported
 *                     (default 20): loose rules help small tables and would be quadratic on large ones
 * @param uSamples     random pairs drawn to estimate u (default 1,000,000; all pairs when fewer)
 * @param seed         seed of the random pairs (default 1)
 * @param emIterations the most EM rounds per training session (default 100)
 * @param tfMinimum    the smallest value frequency the term-frequency adjustment uses (default 0.0001)
 * @param threads      threads comparing pairs (default: the available processors)
 * @param minClusterDensity two groups of records join only when at least this share of the pairs between them are
 *                     linked (default 0.3; 0: plain connected components)
 */
public record MatchSettings(List<Comparison> comparisons, List<BlockingRule> blocking, double threshold, int maxBlock, int maxPairsPerRecord, long uSamples,
                            long seed, int emIterations, double tfMinimum, int threads, double minClusterDensity) {
    public static final double THRESHOLD = 0.5;
    public static final int MAX_PAIRS_PER_RECORD = 20;
    public static final int MAX_BLOCK = 1000;
    public static final long U_SAMPLES = 1_000_000;
    public static final int EM_ITERATIONS = 100;
    public static final double TF_MINIMUM = 1e-4;
    public static final double MIN_CLUSTER_DENSITY = 0.3;
    /**
     * A table with at most this many pairs (1,414 records) is compared whole: the proposer adds
     * {@link io.kith.match.block.BlockingRule#EVERY_PAIR} to its rules. It costs what estimating u from every pair
     * already costs there (see {@link #U_SAMPLES}), and no true pair is lost for sharing no key: on fake_1000, 6.4 % of
     * the true pairs shared none, and 72 of those 129 score above 0.5 (against 9 pairs of two people).
     */
    public static final long EVERY_PAIR_UP_TO = U_SAMPLES;

    public MatchSettings {
        comparisons = List.copyOf(comparisons);
        blocking = List.copyOf(blocking);
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("at least one comparison is needed");
        }
        if (comparisons.size() > io.kith.match.estimate.Patterns.MAX_COMPARISONS) {
            throw new IllegalArgumentException("at most " + io.kith.match.estimate.Patterns.MAX_COMPARISONS + " comparisons, not "
                    + comparisons.size());
        }
        for (Comparison c : comparisons) {
            if (c.size() > io.kith.match.estimate.Patterns.MAX_LEVELS) {
                throw new IllegalArgumentException("comparison " + c.name() + " has " + c.size() + " levels; at most "
                        + io.kith.match.estimate.Patterns.MAX_LEVELS);
            }
        }
        if (blocking.isEmpty() || blocking.size() > 64) {
            throw new IllegalArgumentException("between 1 and 64 blocking rules are needed, not " + blocking.size());
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the threshold is a probability in (0, 1), not " + threshold);
        }
        if (!(minClusterDensity >= 0 && minClusterDensity <= 1)) {
            throw new IllegalArgumentException("minClusterDensity is in [0, 1], not " + minClusterDensity);
        }
        if (maxBlock < 2 || maxPairsPerRecord < 1 || uSamples < 1 || emIterations < 1 || !(tfMinimum > 0 && tfMinimum < 1) || threads < 1) {
            throw new IllegalArgumentException("maxBlock >= 2, uSamples >= 1, emIterations >= 1, 0 < tfMinimum < 1 and threads >= 1");
        }
    }

    /** The defaults for everything but the comparisons and blocking rules. */
    public static MatchSettings of(List<Comparison> comparisons, List<BlockingRule> blocking) {
        return new MatchSettings(comparisons, blocking, THRESHOLD, MAX_BLOCK, MAX_PAIRS_PER_RECORD, U_SAMPLES, 1, EM_ITERATIONS, TF_MINIMUM,
                Runtime.getRuntime().availableProcessors(), MIN_CLUSTER_DENSITY);
    }

    public MatchSettings withThreshold(double p) {
        return new MatchSettings(comparisons, blocking, p, maxBlock, maxPairsPerRecord, uSamples, seed, emIterations, tfMinimum, threads, minClusterDensity);
    }

    public MatchSettings withThreads(int n) {
        return new MatchSettings(comparisons, blocking, threshold, maxBlock, maxPairsPerRecord, uSamples, seed, emIterations, tfMinimum, n, minClusterDensity);
    }

    /** The match weight (log2 odds) of the threshold. */
    public double thresholdWeight() {
        return Math.log(threshold / (1 - threshold)) / Math.log(2);
    }
}
