package io.kith.match.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of comparing names that may be swapped. */
class SwappedNamesProperties {
    private static final List<Level> LEVELS = List.of(new Level.Exact(), new Level.JaroWinkler(0.92), new Level.JaroWinkler(0.85),
            new Level.JaroWinkler(0.7));
    private static final Comparison GIVEN = new Comparison("g", "g", Prepare.TEXT, LEVELS, true, "s");
    private static final Comparison SURNAME = new Comparison("s", "s", Prepare.TEXT, LEVELS, true, "g");
    private static final Comparison PLAIN = new Comparison("g", "g", Prepare.TEXT, LEVELS, true);

    private static int[] levels(List<String> a, List<String> b) {
        int[] levels = {GIVEN.level(GIVEN.prepared(a.get(0), a.get(1)), GIVEN.prepared(b.get(0), b.get(1))),
                SURNAME.level(SURNAME.prepared(a.get(1), a.get(0)), SURNAME.prepared(b.get(1), b.get(0)))};
        Arrays.sort(levels);
        return levels;
    }

    /** The two name comparisons together weigh a pair the same whichever record comes first. */
    @Property(tries = 2000)
    void theTwoNameLevelsDoNotDependOnTheOrderOfThePair(@ForAll("person") List<String> a, @ForAll("person") List<String> b) {
        assertThat(levels(a, b)).containsExactly(levels(b, a));
    }

    /** Writing both records' names the other way round changes nothing. */
    @Property(tries = 2000)
    void swappingBothRecordsChangesNothing(@ForAll("person") List<String> a, @ForAll("person") List<String> b) {
        assertThat(levels(Arrays.asList(a.get(1), a.get(0)), Arrays.asList(b.get(1), b.get(0)))).containsExactly(levels(a, b));
    }

    /** Two records with the same given name are compared on it as without a swap column. */
    @Property(tries = 2000)
    void equalGivenNamesAreExactAsWithoutASwapColumn(@ForAll("person") List<String> a, @ForAll("person") List<String> b) {
        String given = a.get(0);
        if (given == null) {
            return;
        }
        assertThat(GIVEN.level(GIVEN.prepared(given, a.get(1)), GIVEN.prepared(given, b.get(1)))).isZero()
                .isEqualTo(PLAIN.level(given, given));
    }

    @Provide
    Arbitrary<List<String>> person() {
        Arbitrary<String> name = Arbitraries.of("ann", "anna", "hanna", "lee", "leah", "rowe", "rwoe", "caleb", "kaleb", "smith", "smyth", "thomas");
        return name.injectNull(0.2).list().ofSize(2);
    }
}
