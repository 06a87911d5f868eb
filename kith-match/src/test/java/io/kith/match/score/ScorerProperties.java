package io.kith.match.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kith.match.compare.Column;
import io.kith.match.compare.Comparison;
import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A pair's explanation adds up to its weight, and the weight is the one the fast path computes. */
class ScorerProperties {
    private static final String[] NAMES = {"anna", "ana", "anne", "bob", "rob", "robert", "", "NA", "zoe"};
    private static final String[] DATES = {"1971-06-24", "1971-06-25", "1971-24-06", "1980-01-01", "", "19710624"};

    @Property(tries = 200)
    void contributionsSumToTheWeight(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 30;
        String[][] rows = new String[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new String[] {NAMES[random.nextInt(NAMES.length)], DATES[random.nextInt(DATES.length)]};
        }
        List<Comparison> comparisons = List.of(
                new Comparison("name", "name", Prepare.TEXT, List.of(new Level.Exact(), new Level.JaroWinkler(0.9), new Level.JaroWinkler(0.7)), true),
                new Comparison("dob", "dob", Prepare.DATE, List.of(new Level.Exact(), new Level.Levenshtein(1), new Level.DayMonthSwapped()), false));
        List<Column> columns = List.of(Column.encode(comparisons.get(0), n, i -> rows[i][0]), Column.encode(comparisons.get(1), n, i -> rows[i][1]));
        double[][] m = {{0.7, 0.15, 0.1, 0.05}, {0.8, 0.1, 0.05, 0.05}};
        double[][] u = {{0.05, 0.05, 0.2, 0.7}, {0.01, 0.02, 0.001, 0.969}};
        Scorer scorer = new Scorer(new Model(comparisons, m, u, random.nextDouble(1e-6, 0.5), 1e-3), columns);

        for (int t = 0; t < 20; t++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            PairScore s = scorer.explain(a, b);
            double sum = s.prior() + s.contributions().stream().mapToDouble(Contribution::weight).sum();
            assertThat(s.weight()).isCloseTo(sum, within(1e-9)).isCloseTo(scorer.weight(a, b), within(1e-9));
            assertThat(s.probability()).isCloseTo(1 / (1 + Math.pow(2, -s.weight())), within(1e-12));
            for (Contribution c : s.contributions()) {
                if (c.level() < 0) {
                    assertThat(c.weight()).isZero();
                    assertThat(c.label()).isEqualTo("null");
                }
                if (c.tfAdjustment() != 0) {
                    assertThat(c.level()).isZero();
                    assertThat(c.comparison()).isEqualTo("name");
                }
            }
        }
    }
}
