package io.kith.model.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    private static final List<String> NAMES = List.of("x1", "x2", "noise");

    /** Data drawn from a known model: the fit recovers its coefficients (per standard deviation of a N(0,1) input). */
    @Test
    void recoversTheCoefficientsOfTheModelTheDataCameFrom() {
        SplittableRandom r = new SplittableRandom(7);
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double x1 = gaussian(r);
            double x2 = gaussian(r);
            double noise = gaussian(r);
            double p = LogisticRegression.sigmoid(-0.5 + 1.5 * x1 - 0.8 * x2);
            examples.add(new LabelledExample(new FeatureVector("c" + i, NAMES, new double[] {x1, x2, noise}), r.nextDouble() < p));
        }

        PropensityModel m = new LogisticRegression(0).fit("test", examples);

        assertThat(m.coefficients()[0]).isCloseTo(1.5, within(0.08));
        assertThat(m.coefficients()[1]).isCloseTo(-0.8, within(0.06));
        assertThat(m.coefficients()[2]).isCloseTo(0, within(0.05));
        PropensityPrediction p = m.predict(new FeatureVector("z", NAMES, new double[] {2, 0, 0}));
        assertThat(p.contributions().getFirst().feature()).isEqualTo("x1");
        assertThat(p.explanation()).startsWith("P 0.").contains("x1 2.000 (+3.0");
        assertThat(p.version().name()).isEqualTo("test");
    }

    @Test
    void aucCountsTiesAsHalfAndIsOneForAPerfectRanking() {
        assertThat(Evaluation.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true})).isEqualTo(1.0);
        assertThat(Evaluation.auc(new double[] {0.5, 0.5}, new boolean[] {false, true})).isEqualTo(0.5);
        // pairs (pos, neg): (0.8 vs 0.1) win, (0.8 vs 0.9) loss, (0.3 vs 0.1) win, (0.3 vs 0.9) loss
        assertThat(Evaluation.auc(new double[] {0.1, 0.8, 0.3, 0.9}, new boolean[] {false, true, true, false})).isEqualTo(0.5);
        Evaluation e = Evaluation.of(new double[] {0.05, 0.95}, new boolean[] {false, true});
        assertThat(e.brier()).isCloseTo(0.0025, within(1e-12));
        assertThat(e.bins()).hasSize(2);
    }

    @Property(tries = 50)
    void aStrongerPenaltyShrinksTheCoefficients(@ForAll @DoubleRange(min = 1, max = 1000) double lambda) {
        SplittableRandom r = new SplittableRandom(11);
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double x1 = gaussian(r);
            examples.add(new LabelledExample(new FeatureVector("c" + i, List.of("x"), new double[] {x1}), r.nextDouble() < LogisticRegression.sigmoid(2 * x1)));
        }
        double free = new LogisticRegression(0).fit("t", examples).coefficients()[0];
        double shrunk = new LogisticRegression(lambda).fit("t", examples).coefficients()[0];
        assertThat(Math.abs(shrunk)).isLessThan(Math.abs(free));
        for (LabelledExample e : examples) {
            assertThat(new LogisticRegression(lambda).fit("t", examples).probability(e.features())).isBetween(0.0, 1.0);
            break;
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
