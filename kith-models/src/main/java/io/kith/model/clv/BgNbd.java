package io.kith.model.clv;

import static org.hipparchus.special.Gamma.logGamma;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way": while alive, a customer
 * buys as a Poisson process whose rate is Gamma(r, alpha) across customers; after each purchase the customer drops
 * out with a probability that is Beta(a, b) across customers. Rates are per the fit's {@link TimeUnit}. Immutable.
 */
public record BgNbd(double r, double alpha, double a, double b) {
    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || Double.isInfinite(r + alpha + a + b)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "BG/NBD parameters must be positive and finite; got r " + r
                    + ", alpha " + alpha + ", a " + a + ", b " + b);
        }
    }

    /**
     * A fitted model.
     *
     * @param logLikelihood the sum over the customers of the log-likelihood at the fitted parameters
     */
    public record Fit(BgNbd model, double logLikelihood, int customers) {
    }

    /**
     * The log-likelihood of one customer (equation 6 of the paper, in logs):
     * {@code ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln[(α+T)^−(r+x) + [x>0] a/(b+x−1) (α+t_x)^−(r+x)]}.
     */
    public double logLikelihood(int x, double tx, double age) {
        double common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha)
                + logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
        return common + tail(x, tx, age, Math.log(a) - Math.log(b + x - 1));
    }

    private double tail(int x, double tx, double age, double logAOverB) {
        double a3 = -(r + x) * Math.log(alpha + age);
        if (x == 0) {
            return a3;
        }
        double a4 = logAOverB - (r + x) * Math.log(alpha + tx);
        return Math.max(a3, a4) + Math.log1p(Math.exp(-Math.abs(a3 - a4)));
    }

    /**
     * P(alive | x, t_x, T) = 1 / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)). A customer without a repeat purchase is
     * alive with probability 1: in BG/NBD a customer can only drop out right after a purchase.
     */
    public double probabilityAlive(int x, double tx, double age) {
        if (x == 0) {
            return 1;
        }
        double logOdds = (r + x) * Math.log((alpha + age) / (alpha + tx)) + Math.log(a / (b + x - 1));
        return 1 / (1 + Math.exp(logOdds));
    }

    /**
     * The expected number of purchases in the next {@code t} units, given x, t_x and T (equation 10 of the paper):
     * <pre>
     *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
     *   / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x))
     * </pre>
     * The hypergeometric term is computed as a logarithm ({@link Hypergeometric}), so no factor overflows. Both poles
     * of the formula are removable: a + b + x − 1 = 0 (see {@link #scaledOneMinusHyp}) and a = 1 (see
     * {@link #acrossAEqualsOne}).
     */
    public double expectedPurchases(double t, int x, double tx, double age) {
        if (t <= 0) {
            return 0;
        }
        if (nearAOfOne()) {
            return acrossAEqualsOne(m -> m.expectedPurchases(t, x, tx, age));
        }
        double z = t / (alpha + age + t);
        double numerator = scaledOneMinusHyp(r + x, b + x, a + b + x - 1, z, (r + x) * Math.log((alpha + age) / (alpha + age + t))) / (a - 1);
        double denominator = x == 0 ? 1 : 1 + a / (b + x - 1) * Math.exp((r + x) * Math.log((alpha + age) / (alpha + tx)));
        return Math.max(0, numerator / denominator);
    }

    /** The expected number of purchases of a new customer in the first {@code t} units: E[X(t)], equation 9. */
    public double expectedPurchasesOfNew(double t) {
        if (nearAOfOne()) {
            return acrossAEqualsOne(m -> m.expectedPurchasesOfNew(t));
        }
        double z = t / (alpha + t);
        return scaledOneMinusHyp(r, b, a + b - 1, z, r * Math.log(alpha / (alpha + t))) / (a - 1);
    }

    /**
     * How far from a = 1 the expectations are interpolated. At a = 1 the bracket of equations 9 and 10 is zero
     * (2F1(p, q; q; z) = (1 − z)^−p cancels the factor) and so is a − 1. Near it, both are computed from a difference
     * of numbers close to 1: at a distance of 1e-4 the bracket keeps about twelve digits, and the straight line
     * between the two sides is off by the curvature times 1e-8, well below what the fit itself knows.
     */
    private static final double NEAR_ONE = 1e-4;

    /** Strictly between the two sides, so the sides themselves are computed by the formula. */
    private boolean nearAOfOne() {
        return a > 1 - NEAR_ONE && a < 1 + NEAR_ONE;
    }

    /** The value at this model's a, drawn on the straight line between the models at a = 1 ± {@link #NEAR_ONE}. */
    private double acrossAEqualsOne(ToDoubleFunction<BgNbd> expectation) {
        double below = expectation.applyAsDouble(new BgNbd(r, alpha, 1 - NEAR_ONE, b));
        double above = expectation.applyAsDouble(new BgNbd(r, alpha, 1 + NEAR_ONE, b));
        return below + (above - below) * (a - (1 - NEAR_ONE)) / (2 * NEAR_ONE);
    }

    /**
     * {@code c · (1 − e^logFactor · 2F1(p, q; c; z))}, the numerator of equations 9 and 10 before the division by
     * a − 1. When c > 0 it is computed in logs (the series is positive and may be huge). BG/NBD has c ≤ 0 only for a
     * customer without repeat purchases and a + b ≤ 1, so then −1 < c ≤ 0, and 2F1 has a pole at c = 0 which the
     * factor c cancels: {@code c · 2F1(p, q; c; z) = c + p q z · S}, with S the series of
     * {@link Hypergeometric#logShiftedSeries} at (p+1, q+1, c+1), whose terms are all positive. So the value is
     * {@code c (1 − e^logFactor) − e^logFactor p q z S}, finite at c = 0.
     */
    private static double scaledOneMinusHyp(double p, double q, double c, double z, double logFactor) {
        if (c > 0) {
            return -c * Math.expm1(Hypergeometric.log2F1(p, q, c, z) + logFactor);
        }
        return -c * Math.expm1(logFactor) - p * q * z * Math.exp(logFactor + Hypergeometric.logShiftedSeries(p + 1, q + 1, c + 1, z));
    }

    /**
     * Fits the model by maximum likelihood over every customer given, searched over the logarithms of the parameters
     * from r = 1, a = 1, b = 1 and alpha = the mean age over the mean purchase count (so r/alpha starts at the observed
     * rate).
     *
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} when there are no customers
     */
    public static Fit fit(List<CustomerSummary> customers) {
        if (customers.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "BG/NBD needs at least one customer to fit");
        }
        Data data = new Data(customers);
        double meanAge = customers.stream().mapToDouble(CustomerSummary::age).average().orElseThrow();
        double meanX = customers.stream().mapToInt(CustomerSummary::frequency).average().orElseThrow();
        double[] start = {1, Math.max(meanAge, 1e-3) / Math.max(meanX, 0.1), 1, 1};
        double[] p = LogParameterFit.maximise(data::logLikelihood, start);
        BgNbd model = new BgNbd(p[0], p[1], p[2], p[3]);
        return new Fit(model, data.logLikelihood(p), customers.size());
    }

    /**
     * The customers as arrays, with the distinct purchase counts found once, so that a likelihood evaluation computes
     * the log-gamma terms once per distinct count rather than once per customer.
     */
    private static final class Data {
        private static final int BLOCK = 8192;
        private final int[] distinct;
        private final int[] xIndex;
        private final int[] x;
        private final double[] tx;
        private final double[] age;

        Data(List<CustomerSummary> customers) {
            int n = customers.size();
            x = new int[n];
            tx = new double[n];
            age = new double[n];
            for (int i = 0; i < n; i++) {
                CustomerSummary c = customers.get(i);
                x[i] = c.frequency();
                tx[i] = c.recency();
                age[i] = c.age();
            }
            distinct = Arrays.stream(x).distinct().sorted().toArray();
            xIndex = new int[n];
            for (int i = 0; i < n; i++) {
                xIndex[i] = Arrays.binarySearch(distinct, x[i]);
            }
        }

        double logLikelihood(double[] p) {
            BgNbd m = new BgNbd(p[0], p[1], p[2], p[3]);
            double[] common = new double[distinct.length];
            double[] logAOverB = new double[distinct.length];
            double constant = -logGamma(m.r) + m.r * Math.log(m.alpha) + logGamma(m.a + m.b) - logGamma(m.b);
            for (int j = 0; j < distinct.length; j++) {
                int k = distinct[j];
                common[j] = constant + logGamma(m.r + k) + logGamma(m.b + k) - logGamma(m.a + m.b + k);
                logAOverB[j] = k == 0 ? 0 : Math.log(m.a) - Math.log(m.b + k - 1);
            }
            // Summed in blocks, in parallel: an evaluation over 100,000 customers is four transcendental functions each.
            int blocks = (x.length + BLOCK - 1) / BLOCK;
            return java.util.stream.IntStream.range(0, blocks).parallel().mapToDouble(blk -> {
                double sum = 0;
                for (int i = blk * BLOCK, end = Math.min(x.length, i + BLOCK); i < end; i++) {
                    int j = xIndex[i];
                    sum += common[j] + m.tail(x[i], tx[i], age[i], logAOverB[j]);
                }
                return sum;
            }).sum();
        }
    }
}
