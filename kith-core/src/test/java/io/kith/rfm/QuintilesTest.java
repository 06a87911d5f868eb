package io.kith.rfm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuintilesTest {
    @Test
    void tenDistinctValuesGetTwoOfEachScore() {
        assertThat(Quintiles.scores(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100))).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    }

    @Test
    void scoresFollowTheValuesNotTheirOrder() {
        assertThat(Quintiles.scores(List.of(100, 10, 60, 30, 80, 20, 90, 40, 70, 50))).containsExactly(5, 1, 3, 2, 4, 1, 5, 2, 4, 3);
    }

    @Test
    void aValueGetsTheQuintileHoldingTheMiddleOfItsPosition() {
        // Seven values: position i covers [i, i+1) of 7; its middle (i + 0.5) / 7 falls in quintile 1, 2, 2, 3, 4, 4, 5.
        assertThat(Quintiles.scores(List.of(1, 2, 3, 4, 5, 6, 7))).containsExactly(1, 2, 2, 3, 4, 4, 5);
        assertThat(Quintiles.scores(List.of(1, 2, 3, 4, 5))).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void fewValuesAreSpreadOverTheScale() {
        assertThat(Quintiles.scores(List.of(7))).containsExactly(3);
        assertThat(Quintiles.scores(List.of(7, 8))).containsExactly(2, 4);
        assertThat(Quintiles.scores(List.of(1, 2, 3, 4))).containsExactly(1, 2, 4, 5);
        assertThat(Quintiles.scores(List.<Integer>of())).isEmpty();
    }

    @Test
    void equalValuesShareTheScoreOfTheMiddleOfTheirRun() {
        // Four 1s fill positions 0-3 of 10: their middle, 2 of 10, is exactly the boundary of quintiles 1 and 2 and
        // goes to the lower. The 2 at position 4 is in quintile 3, so no value gets 2.
        assertThat(Quintiles.scores(List.of(1, 1, 1, 1, 2, 3, 4, 5, 6, 7))).containsExactly(1, 1, 1, 1, 3, 3, 4, 4, 5, 5);
        // Three 1s: middle 1.5 of 10, quintile 1; five 2s at positions 3-7: middle 5.5 of 10, quintile 3.
        assertThat(Quintiles.scores(List.of(1, 1, 1, 2, 2, 2, 2, 2, 3, 4))).containsExactly(1, 1, 1, 3, 3, 3, 3, 3, 5, 5);
    }

    @Test
    void aLargeTopGroupOnABoundaryGoesDownToo() {
        // The price of rounding boundary ties down: four equal top values (middle 8 of 10) get 4, and nobody 5.
        assertThat(Quintiles.scores(List.of(1, 2, 3, 4, 5, 6, 9, 9, 9, 9))).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 4, 4);
    }

    @Test
    void allEqualValuesGetTheMiddleScore() {
        assertThat(Quintiles.scores(List.of(5, 5, 5, 5, 5, 5))).containsOnly(3);
    }

    @Test
    void decimalsThatCompareEqualAreTies() {
        assertThat(Quintiles.scores(List.of(new java.math.BigDecimal("1.0"), new java.math.BigDecimal("1.00"))))
                .containsExactly(3, 3);
    }
}
