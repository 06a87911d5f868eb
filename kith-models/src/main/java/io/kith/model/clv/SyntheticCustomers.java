package io.kith.model.clv;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma generative stories, for parameter-recovery tests and benchmarks:
 * each customer gets a purchase rate λ ~ Gamma(r, 1/α), a drop-out probability p ~ Beta(a, b) and a spend scale
 * ν ~ Gamma(q, 1/γ); purchases come as a Poisson process at rate λ, and after each one the customer drops out with
 * probability p; each purchase's value is Gamma(p_spend, 1/ν). Ages T are uniform in [minAge, maxAge].
 */
public final class SyntheticCustomers {
    private SyntheticCustomers() {
    }

    /** {@code n} customers, ids "c0", "c1", ... */
    public static List<CustomerSummary> draw(int n, BgNbd purchases, GammaGamma spend, double minAge, double maxAge, long seed) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(seed));
        List<CustomerSummary> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double age = minAge + random.nextDouble() * (maxAge - minAge);
            double lambda = random.nextGamma(purchases.r(), 1 / purchases.alpha());
            double dropout = random.nextBeta(purchases.a(), purchases.b());
            double nu = random.nextGamma(spend.q(), 1 / spend.gamma());
            int x = 0;
            double t = 0;
            double last = 0;
            double total = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                if (t > age) {
                    break;
                }
                x++;
                last = t;
                total += random.nextGamma(spend.p(), 1 / nu);
                if (random.nextDouble() < dropout) {
                    break;
                }
            }
            out.add(new CustomerSummary("c" + i, x, x == 0 ? 0 : last, age, x == 0 ? 0 : total / x));
        }
        return out;
    }
}
