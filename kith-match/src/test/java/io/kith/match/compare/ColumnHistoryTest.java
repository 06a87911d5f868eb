package io.kith.match.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.match.MatchConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A column of several values per record: the best level of any value pair, the term frequency of the pair that reached it. */
class ColumnHistoryTest {
    private static final Comparison SURNAME = new Comparison("last_name", "last_name", Prepare.TEXT,
            List.of(MatchConfig.level("exact"), MatchConfig.level("jw>=0.92"), MatchConfig.level("jw>=0.7")), true);
    private static final String[][] VALUES = {
            {"Smith", "Zyx"}, {"zyx"}, {"Smith"}, {" SMITH "}, {null}, {"Smyth", "Jones"}, {null, "Smith"}};

    private static Column column() {
        return Column.encodeMany(SURNAME, VALUES.length, i -> VALUES[i]);
    }

    @Test
    void twoRecordsAreAtTheBestLevelOfAnyPairOfTheirValues() {
        Column c = column();
        assertThat(c.level(0, 1)).as("zyx = zyx").isZero();
        assertThat(c.level(1, 0)).isZero();
        assertThat(c.level(0, 2)).isZero();
        assertThat(c.level(1, 2)).as("zyx against smith only").isEqualTo(SURNAME.level("zyx", "smith"));
        assertThat(c.level(5, 2)).isEqualTo(Math.min(SURNAME.level("smyth", "smith"), SURNAME.level("jones", "smith")));
        assertThat(c.level(0, 4)).isEqualTo(Comparison.NULL);
        assertThat(c.level(6, 2)).as("a record whose current value is missing still has its history").isZero();
        assertThat(c.matched(0, 1)).containsExactly("zyx", "zyx");
        assertThat(c.matched(0, 4)).isNull();
    }

    @Test
    void theTermFrequencyIsThatOfTheValueThatMatchedCountingEachRecordOnce() {
        Column c = column();
        // present: every record with a value (6 of 7); smith is held by records 0, 2, 3 and 6, zyx by 0 and 1
        assertThat(c.present()).isEqualTo(6);
        assertThat(c.frequency(0, 1, 0)).isEqualTo(2.0 / 6);
        assertThat(c.frequency(0, 2, 0)).isEqualTo(4.0 / 6);
        assertThat(c.frequency(2, 3, 0)).isEqualTo(c.frequency(2, 0)).isEqualTo(4.0 / 6);
    }

    @Test
    void oneValuePerRecordEncodesAsTheSingleValuedColumn() {
        String[] single = {"Smith", "zyx", " SMITH ", null, "Smyth", "Jones"};
        Column many = Column.encodeMany(SURNAME, single.length, i -> new String[] {single[i]});
        Column one = Column.encode(SURNAME, single.length, i -> single[i]);
        for (int a = 0; a < single.length; a++) {
            for (int b = 0; b < single.length; b++) {
                assertThat(many.level(a, b)).isEqualTo(one.level(a, b));
                for (int l = -1; l < SURNAME.size(); l++) {
                    assertThat(many.frequency(a, b, l)).isEqualTo(one.frequency(a, l));
                }
            }
        }
        assertThat(many.present()).isEqualTo(one.present());
        assertThat(many.distinct()).isEqualTo(one.distinct());
    }

    @Test
    void aSwapColumnComparesOneValuePerRecord() {
        Comparison swapped = new Comparison("first_name", "first_name", Prepare.TEXT, List.of(MatchConfig.level("exact")), false, "last_name");
        assertThatThrownBy(() -> Column.encodeMany(swapped, 1, i -> new String[] {"a"})).isInstanceOf(IllegalArgumentException.class);
    }
}
