package io.kith.match.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** EM on pairs drawn from a known Fellegi-Sunter model gives the model's m and share of matches back. */
class EmTest {
    @Test
    void recoversKnownMFromSyntheticPairs() {
        double[][] m = {{0.85, 0.10, 0.05}, {0.70, 0.20, 0.10}, {0.90, 0.10}, {0.60, 0.30, 0.10}};
        double[][] u = {{0.01, 0.04, 0.95}, {0.02, 0.08, 0.90}, {0.05, 0.95}, {0.10, 0.20, 0.70}};
        double lambda = 0.2;
        SplittableRandom random = new SplittableRandom(42);
        Patterns patterns = new Patterns();
        int[] levels = new int[m.length];
        for (int pair = 0; pair < 200_000; pair++) {
            boolean match = random.nextDouble() < lambda;
            for (int c = 0; c < m.length; c++) {
                levels[c] = random.nextDouble() < 0.05 ? -1 : draw(match ? m[c] : u[c], random);
            }
            patterns.add(Patterns.encode(levels), 1);
        }
        double[][] start = {{0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0.5, 0.5}, {0.6, 0.3, 0.1}};

        Em.Result result = Em.run(patterns, 0b1111, u, start, 0.5, 200, 1e-8);

        assertThat(result.converged()).isTrue();
        assertThat(result.lambda()).isCloseTo(lambda, within(0.01));
        for (int c = 0; c < m.length; c++) {
            for (int l = 0; l < m[c].length; l++) {
                assertThat(result.m()[c][l]).as("m[%d][%d]", c, l).isCloseTo(m[c][l], within(0.02));
            }
        }
    }

    @Test
    void aComparisonLeftOutOfASessionKeepsItsStartingM() {
        double[][] u = {{0.01, 0.99}, {0.02, 0.98}};
        double[][] start = {{0.7, 0.3}, {0.8, 0.2}};
        Patterns patterns = new Patterns();
        patterns.add(Patterns.encode(new int[] {0, 0}), 100);
        patterns.add(Patterns.encode(new int[] {1, 1}), 1000);

        Em.Result result = Em.run(patterns, 0b01, u, start, 0.1, 50, 1e-8);

        assertThat(result.m()[1]).containsExactly(0.8, 0.2);
    }

    @Test
    void patternsPackLevelsAndMaskComparisons() {
        long p = Patterns.encode(new int[] {2, -1, 0, 14});
        assertThat(Patterns.level(p, 0)).isEqualTo(2);
        assertThat(Patterns.level(p, 1)).isEqualTo(-1);
        assertThat(Patterns.level(p, 3)).isEqualTo(14);
        long masked = Patterns.mask(p, 0b0101);
        assertThat(Patterns.level(masked, 0)).isEqualTo(2);
        assertThat(Patterns.level(masked, 3)).isEqualTo(-1);
    }

    private static int draw(double[] p, SplittableRandom random) {
        double x = random.nextDouble();
        for (int i = 0; i < p.length - 1; i++) {
            x -= p[i];
            if (x < 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
