package io.kith.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The profile rows' catch-up: from a hold for the projector until a flush writes few profiles, and only then. */
class RowsCatchUpTest {

    @Test
    void withoutAHoldTheWriterPacesItselfHoweverMuchAFlushWrote() {
        RowsCatchUp rows = new RowsCatchUp(10);
        assertThat(rows.flushAgain(1_000_000)).isFalse();
        assertThat(rows.catchingUp()).isFalse();
    }

    @Test
    void afterAHoldTheWriterFlushesAgainUntilAFlushWritesFewEnough() {
        RowsCatchUp rows = new RowsCatchUp(10);
        rows.held();
        assertThat(rows.catchingUp()).isTrue();
        assertThat(rows.flushAgain(165_451)).isTrue();
        assertThat(rows.catchingUp()).isTrue();
        assertThat(rows.flushAgain(11)).isTrue();
        assertThat(rows.flushAgain(10)).isFalse();
        assertThat(rows.catchingUp()).isFalse();
        assertThat(rows.flushAgain(500)).as("caught up: a large flush later is the usual pace").isFalse();
    }

    @Test
    void aHoldDuringTheCatchUpOfTheRowsKeepsThemCatchingUp() {
        RowsCatchUp rows = new RowsCatchUp(10);
        rows.held();
        assertThat(rows.flushAgain(0)).isFalse();
        rows.held();
        assertThat(rows.catchingUp()).isTrue();
    }

    @Test
    void aNegativeThresholdIsRefused() {
        assertThatThrownBy(() -> new RowsCatchUp(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
