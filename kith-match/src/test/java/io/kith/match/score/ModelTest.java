package io.kith.match.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kith.match.compare.Comparison;
import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The term-frequency term sets the level's u against the value's share among non-matches. */
class ModelTest {
    private static final Comparison NAME = new Comparison("name", "name", Prepare.TEXT, List.of(new Level.Exact(), new Level.JaroWinkler(0.9)), true);
    private static final double[][] M = {{0.6, 0.3, 0.1}};
    private static final double[][] U = {{0.01, 0.02, 0.97}};

    @Test
    void theRecordsOwnDuplicatesAreTakenOutOfAValuesFrequency() {
        // λ·m = 0.005 · 0.6 = 0.003: a value in 0.4 % of the records is in 0.1 % of the non-matches
        Model duplicated = new Model(List.of(NAME), M, U, 0.005, 1e-4);

        assertThat(duplicated.tfAdjustment(0, 0, 0.004)).isCloseTo(log2(0.01 / 0.001), within(1e-9));
        assertThat(duplicated.tfAdjustment(0, 0, 0.2)).isCloseTo(log2(0.01 / 0.197), within(1e-9));
        // a value no commoner than its own duplicates make it: at most the tfMinimum
        assertThat(duplicated.tfAdjustment(0, 0, 0.002)).isCloseTo(log2(0.01 / 1e-4), within(1e-9));
        // a large table: λ 10^-6 changes nothing that matters
        assertThat(new Model(List.of(NAME), M, U, 1e-6, 1e-4).tfAdjustment(0, 0, 0.004)).isCloseTo(log2(0.01 / 0.004), within(1e-3));
        // a level without TF is not adjusted
        assertThat(duplicated.tfAdjustment(0, 1, 0.004)).isZero();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
