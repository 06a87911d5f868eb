package io.kith.rfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import org.junit.jupiter.api.Test;

class SegmentMapTest {
    @Test
    void theStandardMapHasTheElevenSegmentsOfTheGrid() {
        SegmentMap map = SegmentMap.standard();

        assertThat(map.segments()).containsExactly("Champions", "Loyal", "Potential Loyalists", "New Customers", "Promising",
                "Need Attention", "About to Sleep", "At Risk", "Cannot Lose Them", "Hibernating", "Lost");
        assertThat(map.toString()).isEqualTo("""
                R=5  New Customers | Potential Loyalists | Potential Loyalists | Champions | Champions
                R=4  Promising | Potential Loyalists | Potential Loyalists | Loyal | Loyal
                R=3  About to Sleep | About to Sleep | Need Attention | Loyal | Loyal
                R=2  Hibernating | Hibernating | At Risk | At Risk | Cannot Lose Them
                R=1  Lost | Lost | At Risk | At Risk | Cannot Lose Them
                """);
    }

    @Test
    void fmIsTheMeanOfFAndMRoundedHalfUp() {
        assertThat(new RfmScore(5, 4, 5).fm()).isEqualTo(5);
        assertThat(new RfmScore(5, 1, 2).fm()).isEqualTo(2);
        assertThat(new RfmScore(5, 1, 1).fm()).isEqualTo(1);
        assertThat(new RfmScore(5, 3, 4).fm()).isEqualTo(4);
        assertThat(SegmentMap.standard().segmentOf(new RfmScore(5, 4, 5))).isEqualTo("Champions");
        assertThat(SegmentMap.standard().segmentOf(new RfmScore(5, 1, 1))).isEqualTo("New Customers");
    }

    @Test
    void aCustomMapWithStarsAndComments() {
        SegmentMap map = SegmentMap.parse("""
                # two segments
                Active   =  4-5:*      # recent
                Inactive = 1-3:*
                """, "two.txt");

        assertThat(map.segments()).containsExactly("Active", "Inactive");
        assertThat(map.segmentOf(4, 1)).isEqualTo("Active");
        assertThat(map.segmentOf(3, 5)).isEqualTo("Inactive");
    }

    @Test
    void theStandardTextReadsAsTheStandardMap() {
        assertThat(SegmentMap.parse(SegmentMap.STANDARD_TEXT, "copy")).isEqualTo(SegmentMap.standard())
                .hasSameHashCodeAs(SegmentMap.standard());
        assertThat(SegmentMap.parse("A = *:*", "a")).isNotEqualTo(SegmentMap.parse("B = *:*", "b"));
    }

    @Test
    void aCellInTwoSegmentsIsAnErrorNamingBothLines() {
        assertThatThrownBy(() -> SegmentMap.parse("A = *:*\nB = 3:3\n", "m.txt")).isInstanceOf(KithException.class)
                .hasMessage("m.txt line 2: cell R=3 FM=3 of \"B\" is already in \"A\" (line 1)")
                .extracting(e -> ((KithException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    }

    @Test
    void aCellWithoutASegmentIsAnErrorListingThem() {
        assertThatThrownBy(() -> SegmentMap.parse("A = 2-5:*\nB = 1:1-3", "m.txt")).isInstanceOf(KithException.class)
                .hasMessageEndingWith("these have none: 1:4, 1:5");
    }

    @Test
    void badLinesAreErrorsWithTheLineAndTheText() {
        assertThatThrownBy(() -> SegmentMap.parse("A = *:*\nB 3:3", "m.txt")).hasMessageContaining("line 2")
                .hasMessageContaining("\"B 3:3\"");
        assertThatThrownBy(() -> SegmentMap.parse("A = 6:1", "m.txt")).hasMessageContaining("\"6:1\"");
        assertThatThrownBy(() -> SegmentMap.parse("A = 3-1:*", "m.txt")).hasMessageContaining("low to high");
        assertThatThrownBy(() -> SegmentMap.parse("A = 1:*\nA = 2-5:*", "m.txt")).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> SegmentMap.parse(" = *:*", "m.txt")).hasMessageContaining("line 1");
    }

    @Test
    void scoresOutsideOneToFiveAreRefused() {
        assertThatThrownBy(() -> new RfmScore(0, 1, 1)).isInstanceOf(KithException.class).hasMessageContaining("r was 0");
        assertThatThrownBy(() -> SegmentMap.standard().segmentOf(1, 6)).isInstanceOf(KithException.class);
    }
}
