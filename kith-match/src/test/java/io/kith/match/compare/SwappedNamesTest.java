package io.kith.match.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Given name and surname written in each other's place are compared crossed (Splink's fake_1000 has such records). */
class SwappedNamesTest {
    private static final List<Level> NAME_LEVELS = List.of(new Level.Exact(), new Level.JaroWinkler(0.92), new Level.JaroWinkler(0.85),
            new Level.JaroWinkler(0.7));
    private static final Comparison GIVEN = new Comparison("first_name", "first_name", Prepare.TEXT, NAME_LEVELS, true, "surname");
    private static final Comparison SURNAME = new Comparison("surname", "surname", Prepare.TEXT, NAME_LEVELS, true, "first_name");
    private static final int ELSE = NAME_LEVELS.size();

    /** The levels of the given-name and the surname comparison of two people written (first, last). */
    private static int[] levels(String firstA, String lastA, String firstB, String lastB) {
        return new int[] {GIVEN.level(GIVEN.prepared(firstA, lastA), GIVEN.prepared(firstB, lastB)),
                SURNAME.level(SURNAME.prepared(lastA, firstA), SURNAME.prepared(lastB, firstB))};
    }

    @Test
    void swappedNamesAreComparedCrossedAndKeepTheirTypos() {
        assertThat(levels("Isla", "Hall", "Hall", "Isla")).containsExactly(0, 0);
        // "rwoe" against "rowe" is still a typo, not an exact match
        int[] caleb = levels("Caleb", "Rwoe", "Rowe", "Caleb");
        assertThat(caleb[0]).isZero();
        assertThat(caleb[1]).isBetween(1, 3);
    }

    @Test
    void aNameHeldOnlyInTheOtherColumnStillCounts() {
        // one record has no surname, and its given name is the other's surname
        assertThat(levels("Matilda", null, "Barker", "Matilda")).containsExactly(0, Comparison.NULL);
        assertThat(levels("Barker", "Matilda", "Matilda", null)).containsExactly(Comparison.NULL, 0);
        // no given name on one side: straight, the surname alone
        assertThat(levels(null, "Thomas", "Gabriel", "Thomas")).containsExactly(Comparison.NULL, 0);
    }

    @Test
    void namesInPlaceOrUnrelatedAreComparedStraight() {
        assertThat(levels("Robert", "Allen", "Robert", "Alen")).containsExactly(0, 1);
        // two different people whose names line up better crossed than straight, but not closely: straight
        assertThat(levels("Anna", "Berg", "Bert", "Lena")).containsExactly(ELSE, ELSE);
        assertThat(levels("Anna", "Berg", null, null)).containsExactly(Comparison.NULL, Comparison.NULL);
        // crossed names must keep their first letters: "Kaleb" is not taken for a swapped "Caleb"
        assertThat(levels("Kaleb", "Rowe", "Rowe", "Caleb")).containsExactly(ELSE, ELSE);
    }

    @Test
    void aValueHeldOnlyInTheSwapColumnIsNotPresentForTermFrequencies() {
        String[][] rows = {{"ann", "lee"}, {"ann", null}, {null, "ann"}, {"bob", "ann"}};
        Column given = Column.encode(GIVEN, rows.length, i -> rows[i][0], i -> rows[i][1]);
        assertThat(given.present()).isEqualTo(3);
        assertThat(given.frequency(0)).isEqualTo(2.0 / 3);
        assertThat(given.frequency(2)).isZero();
        assertThat(given.level(2, 2)).isEqualTo(Comparison.NULL);
        assertThat(given.level(0, 1)).isZero();
        // the third has no given name and its surname is not close to the fourth's given name: nothing to compare
        assertThat(given.level(2, 3)).isEqualTo(Comparison.NULL);
    }
}
