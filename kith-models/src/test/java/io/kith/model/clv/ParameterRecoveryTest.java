package io.kith.model.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Customers drawn from known parameters: the fits recover them. */
class ParameterRecoveryTest {
    @Test
    void recoversTheParametersTheCustomersWereDrawnFrom() {
        BgNbd truth = new BgNbd(0.25, 4.0, 0.8, 2.5);
        GammaGamma spend = new GammaGamma(6, 4, 15);
        List<CustomerSummary> customers = SyntheticCustomers.draw(30_000, truth, spend, 20, 52, 42);

        ClvModel m = ClvModel.fit(customers, TimeUnit.WEEKS);

        BgNbd b = m.purchases().model();
        assertThat(b.r()).isCloseTo(0.25, within(0.02));
        assertThat(b.alpha()).isCloseTo(4.0, within(0.5));
        assertThat(b.a()).isCloseTo(0.8, within(0.15));
        assertThat(b.b()).isCloseTo(2.5, within(0.6));
        GammaGamma g = m.spend().model();
        assertThat(g.p()).isCloseTo(6, within(0.6));
        assertThat(g.populationMean()).isCloseTo(spend.populationMean(), within(0.05 * spend.populationMean()));
    }
}
