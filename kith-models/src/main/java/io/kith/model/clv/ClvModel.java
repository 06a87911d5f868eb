package io.kith.model.clv;

import io.kith.model.ModelVersion;
import java.util.List;
import java.util.Locale;

/**
 * BG/NBD and Gamma-Gamma fitted together on one set of customers: the purchase counts and P(alive) from BG/NBD, the
 * value of a purchase from Gamma-Gamma, and the customer lifetime value from both. Immutable and thread-safe.
 *
 * <p>CLV over H months at monthly discount rate d is, as lifetimes' {@code customer_lifetime_value},
 * <pre>
 *   CLV = Σ_{i=1..H} E(M) · (E[X(i·m)] − E[X((i−1)·m)]) / (1+d)^i
 * </pre>
 * with E[X(t)] BG/NBD's conditional expected purchases in the next t units, E(M) Gamma-Gamma's expected order value
 * and m one month (365.2425/12 days) in the fit's unit.
 */
public final class ClvModel {
    /** The model's name in a {@link ModelVersion}. */
    public static final String NAME = "bg-nbd+gamma-gamma";
    /** The revision of the formulas. */
    public static final int REVISION = 1;

    private final BgNbd.Fit purchases;
    private final GammaGamma.Fit spend;
    private final TimeUnit unit;
    private final ModelVersion version;

    public ClvModel(BgNbd.Fit purchases, GammaGamma.Fit spend, TimeUnit unit) {
        this.purchases = purchases;
        this.spend = spend;
        this.unit = unit;
        BgNbd b = purchases.model();
        GammaGamma g = spend.model();
        this.version = ModelVersion.of(NAME, REVISION, unit.days(), b.r(), b.alpha(), b.a(), b.b(), g.p(), g.q(), g.gamma());
    }

    /** Fits both models on the customers: BG/NBD on all of them, Gamma-Gamma on those with a repeat purchase. */
    public static ClvModel fit(List<CustomerSummary> customers, TimeUnit unit) {
        return new ClvModel(BgNbd.fit(customers), GammaGamma.fit(customers), unit);
    }

    public BgNbd.Fit purchases() {
        return purchases;
    }

    public GammaGamma.Fit spend() {
        return spend;
    }

    public TimeUnit unit() {
        return unit;
    }

    public ModelVersion version() {
        return version;
    }

    /** The predictions for many customers, in their order, computed in parallel over the common fork-join pool. */
    public List<ClvPrediction> scoreAll(List<CustomerSummary> customers, ClvSettings settings) {
        return customers.parallelStream().map(c -> score(c, settings)).toList();
    }

    /** The predictions for one customer, whose summary must be in this model's unit. */
    public ClvPrediction score(CustomerSummary c, ClvSettings settings) {
        BgNbd b = purchases.model();
        GammaGamma g = spend.model();
        int x = c.frequency();
        double alive = b.probabilityAlive(x, c.recency(), c.age());
        double n30 = b.expectedPurchases(unit.of(30), x, c.recency(), c.age());
        double n90 = b.expectedPurchases(unit.of(90), x, c.recency(), c.age());
        double n365 = b.expectedPurchases(unit.of(365), x, c.recency(), c.age());
        double value = c.monetary() > 0 || x == 0 ? g.expectedOrderValue(x, c.monetary()) : g.populationMean();
        double clv = clv(c, value, settings);
        return new ClvPrediction(c.customerId(), alive, 1 - alive, n30, n90, n365, value, clv, version, explain(c, alive, n365, value));
    }

    private double clv(CustomerSummary c, double value, ClvSettings settings) {
        BgNbd b = purchases.model();
        double month = unit.of(ClvSettings.DAYS_PER_MONTH);
        double sum = 0;
        double before = 0;
        for (int i = 1; i <= settings.horizonMonths(); i++) {
            double upTo = b.expectedPurchases(i * month, c.frequency(), c.recency(), c.age());
            sum += value * (upTo - before) / Math.pow(1 + settings.monthlyDiscountRate(), i);
            before = upTo;
        }
        return sum;
    }

    private String explain(CustomerSummary c, double alive, double n365, double value) {
        String u = unit.label();
        GammaGamma g = spend.model();
        if (c.frequency() == 0) {
            return String.format(Locale.ROOT, "no repeat purchase in the %.1f %s since the first: alive until a repeat purchase shows a "
                    + "pattern (BG/NBD), %.2f purchases expected in 365 days at the population's rates, order value %.2f is the "
                    + "population mean", c.age(), u, n365, value);
        }
        double since = c.age() - c.recency();
        double gap = c.recency() / c.frequency();
        String spendText = c.monetary() > 0
                ? String.format(Locale.ROOT, "order value %.2f: own mean %.2f weighted %.2f against the population mean %.2f", value,
                        c.monetary(), g.individualWeight(c.frequency()), g.populationMean())
                : String.format(Locale.ROOT, "order value %.2f is the population mean (no positive repeat spend)", value);
        return String.format(Locale.ROOT, "%d repeat purchase%s over %.1f of %.1f %s, the last %.1f %s ago against a usual gap of %.1f: "
                + "P(alive) %.2f, %.2f purchases expected in 365 days; %s", c.frequency(), c.frequency() == 1 ? "" : "s", c.recency(),
                c.age(), u, since, u, gap, alive, n365, spendText);
    }
}
