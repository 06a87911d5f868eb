package io.kith.model.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Predicted against actual repeat purchases in a hold-out period after calibration, in total and by the number of
 * repeat purchases in calibration (0, 1, ..., 6, 7+), as Figure 4 of Fader, Hardie &amp; Lee (2005).
 *
 * @param length the hold-out period in the model's unit
 */
public record HoldoutCheck(double length, int customers, double actualTotal, double predictedTotal, List<Bucket> buckets) {
    /** The customers with one calibration frequency, and their mean actual and predicted hold-out purchases. */
    public record Bucket(String frequency, int customers, double actualMean, double predictedMean) {
    }

    /** The highest bucket holds every customer with this many repeat purchases or more. */
    static final int TOP = 7;

    /**
     * Compares the model's conditional expectations with the actual hold-out purchases; a customer missing from
     * {@code actual} made none.
     */
    public static HoldoutCheck of(BgNbd model, List<CustomerSummary> customers, Map<String, Integer> actual, double length) {
        int[] n = new int[TOP + 1];
        double[] act = new double[TOP + 1];
        double[] pred = new double[TOP + 1];
        double actualTotal = 0;
        double predictedTotal = 0;
        for (CustomerSummary c : customers) {
            int k = Math.min(c.frequency(), TOP);
            double p = model.expectedPurchases(length, c.frequency(), c.recency(), c.age());
            int a = actual.getOrDefault(c.customerId(), 0);
            n[k]++;
            act[k] += a;
            pred[k] += p;
            actualTotal += a;
            predictedTotal += p;
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int k = 0; k <= TOP; k++) {
            if (n[k] > 0) {
                buckets.add(new Bucket(k == TOP ? TOP + "+" : Integer.toString(k), n[k], act[k] / n[k], pred[k] / n[k]));
            }
        }
        return new HoldoutCheck(length, customers.size(), actualTotal, predictedTotal, List.copyOf(buckets));
    }
}
