package io.kith.match.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** u of the non-matches from random pairs that hold matches too, as a small table with many duplicates gives them. */
class UEstimateTest {
    private static final double[][] M = {{0.60, 0.30, 0.10}, {0.90, 0.10}};
    private static final double[][] U = {{0.0005, 0.0095, 0.99}, {0.05, 0.95}};
    private static final double LAMBDA = 0.004;

    @Test
    void takingTheExpectedMatchesOutGivesTheNonMatchesU() {
        UEstimate.Sample sample = new UEstimate.Sample(randomPairs(2_000_000, new SplittableRandom(7)));

        double[][] observed = sample.u();
        double[][] corrected = sample.withoutMatches(M, LAMBDA);

        // the matches among the random pairs make exact agreement look six times as common as it is among non-matches
        assertThat(observed[0][0]).isGreaterThan(5 * U[0][0]);
        for (int c = 0; c < U.length; c++) {
            for (int l = 0; l < U[c].length; l++) {
                assertThat(corrected[c][l]).as("comparison %d level %d", c, l).isCloseTo(U[c][l], within(0.15 * U[c][l]));
            }
        }
    }

    @Test
    void aLevelTheMatchesExplainWhollyKeepsHalfAPair() {
        // 1,000 pairs, 10 at the first level, while λ·m says 30 matches would be there
        UEstimate.Sample sample = new UEstimate.Sample(new double[][] {{10, 990}});

        double[][] u = sample.withoutMatches(new double[][] {{0.6, 0.4}}, 0.05);

        assertThat(u[0][0]).isPositive().isLessThan(0.6 / 1001);
        assertThat(u[0][0] + u[0][1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void withoutMatchesUIsTheSmoothedShare() {
        UEstimate.Sample sample = new UEstimate.Sample(new double[][] {{3, 97}});

        assertThat(sample.u()[0]).containsExactly((3.5) / 101, (97.5) / 101);
        assertThat(sample.withoutMatches(new double[][] {{0.9, 0.1}}, 0)[0]).containsExactly((3.5) / 101, (97.5) / 101);
    }

    private static double[][] randomPairs(int pairs, SplittableRandom random) {
        double[][] counts = new double[M.length][];
        for (int c = 0; c < M.length; c++) {
            counts[c] = new double[M[c].length];
        }
        for (int p = 0; p < pairs; p++) {
            boolean match = random.nextDouble() < LAMBDA;
            for (int c = 0; c < M.length; c++) {
                counts[c][draw(match ? M[c] : U[c], random)]++;
            }
        }
        return counts;
    }

    private static int draw(double[] p, SplittableRandom random) {
        double x = random.nextDouble();
        for (int l = 0; l < p.length - 1; l++) {
            x -= p[l];
            if (x < 0) {
                return l;
            }
        }
        return p.length - 1;
    }
}
