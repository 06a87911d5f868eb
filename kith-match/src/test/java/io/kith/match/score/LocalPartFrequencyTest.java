package io.kith.match.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kith.match.compare.Column;
import io.kith.match.compare.Comparison;
import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A same-local-part level is weighed by how common the local part is, as an exact level by its value. */
class LocalPartFrequencyTest {
    private static final Comparison EMAIL = new Comparison("email", "email", Prepare.EMAIL,
            List.of(new Level.Exact(), new Level.EmailLocalPart(), new Level.JaroWinkler(0.88)), true);

    @Test
    void aCommonLocalPartWeighsLessThanARareOne() {
        String[] emails = {"olivia.anderson@gmail.com", "olivia.anderson@yahoo.com", "olivia.anderson@web.de", "olivia.anderson@icloud.com",
                "g.t54@nichols.info", "g.t54@nnichls.info", "x@y.org", "z@y.org"};
        Column column = Column.encode(EMAIL, emails.length, i -> emails[i]);
        double[][] m = {{0.6, 0.2, 0.1, 0.1}};
        double[][] u = {{0.01, 0.02, 0.02, 0.95}};
        Model model = new Model(List.of(EMAIL), m, u, 0.01, 1e-4);
        Scorer scorer = new Scorer(model, List.of(column));

        assertThat(column.level(0, 1)).isEqualTo(1);
        assertThat(column.frequency(0, 1)).isEqualTo(4.0 / 8);
        assertThat(column.frequency(4, 1)).isEqualTo(2.0 / 8);
        assertThat(column.frequency(6, 3)).isZero();
        assertThat(scorer.weight(0, 1)).isLessThan(scorer.weight(4, 5));
        // log2(u / the frequency less the matches' share λ·m) on top of the level's weight, as for an exact match
        PairScore common = scorer.explain(0, 1);
        assertThat(common.contributions().getFirst().tfAdjustment()).isCloseTo(Math.log(0.02 / (0.5 - 0.01 * 0.2)) / Math.log(2), within(1e-9));
        assertThat(scorer.explain(6, 7).contributions().getFirst().tfAdjustment()).isZero();
    }

    @Test
    void withoutTermFrequencyTheLevelIsNotAdjusted() {
        Comparison plain = new Comparison("email", "email", Prepare.EMAIL, EMAIL.levels(), false);
        assertThat(plain.adjusted(0)).isFalse();
        assertThat(plain.adjusted(1)).isFalse();
        assertThat(EMAIL.adjusted(0)).isTrue();
        assertThat(EMAIL.adjusted(1)).isTrue();
        assertThat(EMAIL.adjusted(2)).isFalse();
        assertThat(EMAIL.adjusted(Comparison.NULL)).isFalse();
    }
}
