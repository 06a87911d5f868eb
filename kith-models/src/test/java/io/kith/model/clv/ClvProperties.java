package io.kith.model.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Assume;
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
        Assume.that(Math.abs(a - 1) > 1e-3);
        BgNbd m = new BgNbd(r, alpha, a, b);
        double tx = x == 0 ? 0 : share * age;
        double shorter = m.expectedPurchases(t, x, tx, age);
        double longer = m.expectedPurchases(2 * t, x, tx, age);
        assertThat(shorter).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(longer).isFinite().isGreaterThanOrEqualTo(shorter * (1 - 1e-9));
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
