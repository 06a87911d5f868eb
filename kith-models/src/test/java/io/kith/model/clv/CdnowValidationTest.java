package io.kith.model.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * BG/NBD and Gamma-Gamma on the CDNOW 1/10 sample (2,357 customers, calibration 1997-01-01 to 1997-09-30, weeks),
 * against the published parameters: Fader, Hardie &amp; Lee (2005) for BG/NBD, and lifetimes' documentation of its
 * Gamma-Gamma fit on {@code cdnow_customers_summary_with_transactions} for Gamma-Gamma.
 */
class CdnowValidationTest {
    @Test
    void bgNbdMatchesThePaper() throws Exception {
        BgNbd.Fit fit = BgNbd.fit(CdnowData.summary());
        System.out.println("BG/NBD " + fit);
        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(fit.model().r()).isCloseTo(0.243, within(0.001));
        assertThat(fit.model().alpha()).isCloseTo(4.414, within(0.005));
        assertThat(fit.model().a()).isCloseTo(0.793, within(0.002));
        assertThat(fit.model().b()).isCloseTo(2.426, within(0.005));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.1));
    }

    @Test
    void gammaGammaMatchesLifetimes() throws Exception {
        GammaGamma.Fit fit = GammaGamma.fit(CdnowData.summaryWithSpend());
        System.out.println("Gamma-Gamma " + fit);
        assertThat(fit.customers()).isEqualTo(946);
        assertThat(fit.model().p()).isCloseTo(6.25, within(0.01));
        assertThat(fit.model().q()).isCloseTo(3.74, within(0.01));
        assertThat(fit.model().gamma()).isCloseTo(15.44, within(0.02));
    }

    @Test
    void theSummaryFromTheTransactionsIsLifetimes() throws Exception {
        List<CustomerSummary> derived = CdnowData.sample().summarise(CdnowData.CALIBRATION_END, TimeUnit.WEEKS);
        Map<String, CustomerSummary> published = CdnowData.summary().stream().collect(Collectors.toMap(CustomerSummary::customerId, Function.identity()));
        assertThat(derived).hasSize(2357);
        assertThat(derived).allSatisfy(d -> {
            CustomerSummary p = published.get(d.customerId());
            assertThat(d.frequency()).as(d.customerId()).isEqualTo(p.frequency());
            assertThat(d.recency()).as(d.customerId()).isCloseTo(p.recency(), within(0.006));
            assertThat(d.age()).as(d.customerId()).isCloseTo(p.age(), within(0.006));
        });
    }

    @Test
    void holdout() throws Exception {
        PurchaseHistory h = CdnowData.sample();
        List<CustomerSummary> cal = h.summarise(CdnowData.CALIBRATION_END, TimeUnit.WEEKS);
        BgNbd.Fit fit = BgNbd.fit(cal);
        HoldoutCheck check = HoldoutCheck.of(fit.model(), cal, h.holdoutPurchases(CdnowData.CALIBRATION_END, CdnowData.HOLDOUT_END), 39);
        System.out.println(check);
        System.out.println(GammaGamma.fit(cal));
    }
}
