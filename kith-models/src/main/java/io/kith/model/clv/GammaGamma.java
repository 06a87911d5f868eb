package io.kith.model.clv;

import static org.hipparchus.special.Gamma.logGamma;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.List;

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Colombo &amp; Jiang
 * 1999): a customer's transaction values are Gamma(p, ν) around the customer's own mean, and ν is Gamma(q, γ) across
 * customers. It assumes spend per transaction is independent of how often a customer buys. Fitted on customers with at
 * least one repeat purchase. Immutable.
 *
 * @param gamma the scale parameter γ (lifetimes calls it v)
 */
public record GammaGamma(double p, double q, double gamma) {
    public GammaGamma {
        if (!(p > 0 && q > 0 && gamma > 0) || Double.isInfinite(p + q + gamma)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "Gamma-Gamma parameters must be positive and finite; got p " + p
                    + ", q " + q + ", gamma " + gamma);
        }
    }

    /**
     * A fitted model.
     *
     * @param customers the customers it was fitted on (frequency > 0 and a positive mean repeat value)
     */
    public record Fit(GammaGamma model, double logLikelihood, int customers) {
    }

    /**
     * The log-likelihood of a customer's mean spend m over x transactions:
     * {@code ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(xm+γ)}, as in lifetimes
     * (it differs from the density of the individual values by a term that does not depend on the parameters).
     */
    public double logLikelihood(int x, double m) {
        double px = p * x;
        return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(m) + px * Math.log(x)
                - (px + q) * Math.log(x * m + gamma);
    }

    /** The mean spend per transaction across customers, pγ/(q−1); infinite when q <= 1. */
    public double populationMean() {
        return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
    }

    /**
     * How much a customer's own mean counts in {@link #expectedOrderValue}: px/(px+q−1).
     */
    public double individualWeight(int x) {
        return p * x / (p * x + q - 1);
    }

    /**
     * E(M | x, m) = (1−w) · pγ/(q−1) + w · m with w = px/(px+q−1): the customer's mean shrunk toward the population
     * mean, the more the fewer transactions it rests on. With no repeat purchase, the population mean.
     */
    public double expectedOrderValue(int x, double m) {
        if (x == 0) {
            return populationMean();
        }
        return p * (gamma + x * m) / (p * x + q - 1);
    }

    /**
     * Fits the model by maximum likelihood over the customers with a repeat purchase and a positive mean repeat
     * value, from p = 1, q = 2 and γ = the mean of their means.
     *
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} when no customer has a repeat purchase
     */
    public static Fit fit(List<CustomerSummary> customers) {
        List<CustomerSummary> repeat = customers.stream().filter(c -> c.frequency() > 0 && c.monetary() > 0).toList();
        if (repeat.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "Gamma-Gamma needs customers with a repeat purchase; none of "
                    + customers.size() + " has one");
        }
        int n = repeat.size();
        int[] x = new int[n];
        double[] m = new double[n];
        double[] logM = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = repeat.get(i).frequency();
            m[i] = repeat.get(i).monetary();
            logM[i] = Math.log(m[i]);
        }
        // The log-gamma terms depend on x only: computed once per distinct x and evaluation, not per customer.
        int[] distinct = java.util.Arrays.stream(x).distinct().sorted().toArray();
        int[] xIndex = new int[n];
        for (int i = 0; i < n; i++) {
            xIndex[i] = java.util.Arrays.binarySearch(distinct, x[i]);
        }
        java.util.function.ToDoubleFunction<double[]> ll = par -> {
            double p = par[0];
            double q = par[1];
            double g = par[2];
            double[] byX = new double[distinct.length];
            for (int j = 0; j < distinct.length; j++) {
                double px = p * distinct[j];
                byX[j] = logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(g) + px * Math.log(distinct[j]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double px = p * x[i];
                sum += byX[xIndex[i]] + (px - 1) * logM[i] - (px + q) * Math.log(x[i] * m[i] + g);
            }
            return sum;
        };
        double meanM = java.util.Arrays.stream(m).average().orElseThrow();
        double[] fitted = LogParameterFit.maximise(ll, new double[] {1, 2, meanM});
        return new Fit(new GammaGamma(fitted[0], fitted[1], fitted[2]), ll.applyAsDouble(fitted), n);
    }
}
