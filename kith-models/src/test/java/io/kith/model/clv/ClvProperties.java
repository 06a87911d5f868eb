package io.kith.model.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Laws of BG/NBD, Gamma-Gamma and the CLV sum, for any parameters and customer. */
class ClvProperties {
    private static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);

    @Property
    void pAliveIsAProbabilityAndOneWithoutRepeatPurchases(@ForAll @DoubleRange(min = 0.01, max = 20) double r,
            @ForAll @DoubleRange(min = 0.01, max = 100) double alpha, @ForAll @DoubleRange(min = 0.01, max = 20) double a,
            @ForAll @DoubleRange(min = 0.01, max = 20) double b, @ForAll @IntRange(max = 500) int x,
            @ForAll @DoubleRange(min = 0, max = 1) double share, @ForAll @DoubleRange(min = 0.1, max = 500) double age) {
        BgNbd m = new BgNbd(r, alpha, a, b);
        double tx = x == 0 ? 0 : share * age;
        double p = m.probabilityAlive(x, tx, age);
        assertThat(p).isBetween(0.0, 1.0);
        if (x == 0) {
            assertThat(p).isEqualTo(1.0);
        }
    }

    @Property
    void expectedPurchasesGrowWithTheHorizonAndStayFinite(@ForAll @DoubleRange(min = 0.05, max = 5) double r,
            @ForAll @DoubleRange(min = 0.5, max = 50) double alpha, @ForAll @DoubleRange(min = 0.05, max = 5) double a,
            @ForAll @DoubleRange(min = 0.05, max = 10) double b, @ForAll @IntRange(max = 300) int x,
            @ForAll @DoubleRange(min = 0, max = 1) double share, @ForAll @DoubleRange(min = 1, max = 400) double age,
            @ForAll @DoubleRange(min = 0.1, max = 400) double t) {
        BgNbd m = new BgNbd(r, alpha, a, b);
        double tx = x == 0 ? 0 : share * age;
        double shorter = m.expectedPurchases(t, x, tx, age);
        double longer = m.expectedPurchases(2 * t, x, tx, age);
        assertThat(shorter).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(longer).isFinite().isGreaterThanOrEqualTo(shorter * (1 - 1e-9));
    }

    @Example
    void aPlusBOfOneIsNoPoleForACustomerWithoutRepeatPurchases() {
        // c = a + b − 1 is exactly 0 here: the case a property run found, where 2F1 itself has a pole.
        BgNbd atPole = new BgNbd(0.8, 12, 0.05, 0.95);
        for (double t : new double[] {1, 10, 52, 400}) {
            double v = atPole.expectedPurchases(t, 0, 0, 30);
            double below = new BgNbd(0.8, 12, 0.05, 0.95 - 1e-7).expectedPurchases(t, 0, 0, 30);
            double above = new BgNbd(0.8, 12, 0.05, 0.95 + 1e-7).expectedPurchases(t, 0, 0, 30);
            assertThat(v).isPositive().isCloseTo((below + above) / 2, within(1e-9 * v));
            double fresh = atPole.expectedPurchasesOfNew(t);
            assertThat(fresh).isPositive().isCloseTo((new BgNbd(0.8, 12, 0.05, 0.95 - 1e-7).expectedPurchasesOfNew(t)
                    + new BgNbd(0.8, 12, 0.05, 0.95 + 1e-7).expectedPurchasesOfNew(t)) / 2, within(1e-9 * fresh));
        }
    }

    @Example
    void aOfOneIsNoPole() {
        // At a = 1 both the bracket and a − 1 are zero; the value lies between its neighbours on a smooth curve.
        for (int x : new int[] {0, 1, 7, 120}) {
            double tx = x == 0 ? 0 : 30;
            double v = new BgNbd(0.243, 4.414, 1, 2.426).expectedPurchases(39, x, tx, 38);
            double below = new BgNbd(0.243, 4.414, 1 - 1e-3, 2.426).expectedPurchases(39, x, tx, 38);
            double above = new BgNbd(0.243, 4.414, 1 + 1e-3, 2.426).expectedPurchases(39, x, tx, 38);
            assertThat(v).isFinite().isPositive().isCloseTo((below + above) / 2, within(1e-6 * v + 1e-12));
        }
        double fresh = new BgNbd(0.243, 4.414, 1, 2.426).expectedPurchasesOfNew(39);
        assertThat(fresh).isFinite().isPositive().isCloseTo((new BgNbd(0.243, 4.414, 1 - 1e-3, 2.426).expectedPurchasesOfNew(39)
                + new BgNbd(0.243, 4.414, 1 + 1e-3, 2.426).expectedPurchasesOfNew(39)) / 2, within(1e-6 * fresh));
    }

    @Property
    void withoutRepeatPurchasesAndABelowOneTheExpectationIsThePlainSeries(@ForAll @DoubleRange(min = 0.05, max = 5) double r,
            @ForAll @DoubleRange(min = 0.5, max = 50) double alpha, @ForAll @DoubleRange(min = 0.02, max = 0.9) double a,
            @ForAll @DoubleRange(min = 0.01, max = 0.98) double bShare, @ForAll @DoubleRange(min = 1, max = 400) double age,
            @ForAll @DoubleRange(min = 0.1, max = 400) double t) {
        // a + b ≤ 0.98 keeps c = a + b − 1 away from the pole, where the plain series is exact enough to compare with.
        double b = bShare * (0.98 - a);
        Assume.that(b > 0.005);
        BgNbd m = new BgNbd(r, alpha, a, b);
        double z = t / (alpha + age + t);
        double c = a + b - 1;
        double plain = c / (a - 1) * (1 - Math.pow((alpha + age) / (alpha + age + t), r) * Hypergeometric.series(r, b, c, z));
        assertThat(m.expectedPurchases(t, 0, 0, age)).isCloseTo(Math.max(0, plain), within(1e-9 * Math.max(1, Math.abs(plain))));
    }

    @Property
    void theOrderValueLiesBetweenTheCustomersMeanAndThePopulationMean(@ForAll @DoubleRange(min = 0.1, max = 20) double p,
            @ForAll @DoubleRange(min = 1.1, max = 20) double q, @ForAll @DoubleRange(min = 0.1, max = 100) double gamma,
            @ForAll @IntRange(min = 1, max = 200) int x, @ForAll @DoubleRange(min = 0.01, max = 1000) double m) {
        GammaGamma g = new GammaGamma(p, q, gamma);
        double v = g.expectedOrderValue(x, m);
        double lo = Math.min(m, g.populationMean());
        double hi = Math.max(m, g.populationMean());
        assertThat(v).isBetween(lo * (1 - 1e-9), hi * (1 + 1e-9));
    }

    @Property
    void log2F1IsTheSeriesAndSatisfiesEulersTransformation(@ForAll @DoubleRange(min = 0.1, max = 5) double a,
            @ForAll @DoubleRange(min = 0.1, max = 5) double b, @ForAll @DoubleRange(min = 0.5, max = 6) double c,
            @ForAll @DoubleRange(min = 0, max = 0.9) double z) {
        double direct = 0;
        double term = 1;
        for (int k = 0; k < 5000; k++) {
            direct += term;
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
        }
        double log = Hypergeometric.log2F1(a, b, c, z);
        assertThat(log).isCloseTo(Math.log(direct), within(1e-9 * Math.max(1, Math.abs(Math.log(direct)))));
        // 2F1(a, b; c; z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z), whose parameters may be negative (the plain series).
        double euler = (c - a - b) * Math.log1p(-z) + Hypergeometric.log2F1(c - a, c - b, c, z);
        assertThat(euler).isCloseTo(log, within(1e-7 * Math.max(1, Math.abs(log))));
    }

    @Property
    void clvGrowsWithTheHorizonAndFallsWithTheDiscount(@ForAll @IntRange(max = 50) int x, @ForAll @DoubleRange(min = 0, max = 1) double share,
            @ForAll @DoubleRange(min = 1, max = 78) double age, @ForAll @DoubleRange(min = 1, max = 500) double monetary) {
        double tx = x == 0 ? 0 : share * age;
        ClvModel model = new ClvModel(new BgNbd.Fit(CDNOW, 0, 1), new GammaGamma.Fit(new GammaGamma(6.25, 3.74, 15.44), 0, 1), TimeUnit.WEEKS);
        CustomerSummary c = new CustomerSummary("c", x, tx, age, x == 0 ? 0 : monetary);
        ClvPrediction year = model.score(c, new ClvSettings(12, 0.01));
        ClvPrediction twoYears = model.score(c, new ClvSettings(24, 0.01));
        ClvPrediction dearer = model.score(c, new ClvSettings(12, 0.05));
        assertThat(year.clv()).isGreaterThanOrEqualTo(0);
        assertThat(twoYears.clv()).isGreaterThanOrEqualTo(year.clv());
        assertThat(dearer.clv()).isLessThanOrEqualTo(year.clv());
        assertThat(year.churnRisk()).isCloseTo(1 - year.probabilityAlive(), within(1e-12));
        assertThat(year.purchases30()).isLessThanOrEqualTo(year.purchases90()).isLessThanOrEqualTo(year.purchases365());
        assertThat(year.version()).isEqualTo(model.version());
        assertThat(year.explanation()).isNotBlank();
    }
}
