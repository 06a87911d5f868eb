package io.kith.match.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PatternsTest {
    @Test
    void theShareAtTheFirstLevelCountsOnlyPairsWithAValue() {
        Patterns patterns = new Patterns();
        patterns.add(Patterns.encode(new int[] {0, 0, 0}), 5);
        patterns.add(Patterns.encode(new int[] {0, 0, -1}), 45);
        patterns.add(Patterns.encode(new int[] {0, 2, -1}), 42);
        patterns.add(Patterns.encode(new int[] {1, 2, -1}), 8);

        double[] shares = patterns.firstLevelShares();

        assertThat(shares[0]).isCloseTo(0.92, within(1e-12));
        assertThat(shares[1]).isCloseTo(0.50, within(1e-12));
        assertThat(shares[2]).isEqualTo(1.0);
        assertThat(shares[3]).isNaN();
    }
}
