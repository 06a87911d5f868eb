package io.kith.model.propensity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Behavioural features of each customer as of a day, from transaction rows: recency, frequency, spend, tenure and
 * trend. Purchases on one day count as one, as for BG/NBD. Frequency and spend enter as logarithms, since both are
 * heavily skewed and a logistic model is linear in its inputs. Other features (support contacts, newsletter status,
 * channel mix) come from elsewhere and are added with {@link FeatureVector#plus}. Not thread-safe.
 */
public final class BehaviourFeatures {
    /** recency_days, log_frequency (ln(1+purchase days)), log_monetary (ln(1+mean day value)), tenure_days, trend_90d. */
    public static final List<String> NAMES = List.of("recency_days", "log_frequency", "log_monetary", "tenure_days", "trend_90d");

    private final Map<String, TreeMap<Long, Double>> days = new HashMap<>();

    /** Adds one transaction row; a negative amount is a return, netted into its day. */
    public void add(String customerId, LocalDate date, double amount) {
        days.computeIfAbsent(customerId, k -> new TreeMap<>()).merge(date.toEpochDay(), amount, Double::sum);
    }

    /**
     * The features of every customer with a purchase on or before {@code asOf}, from those purchases only, sorted by
     * customer id. trend_90d is the purchase days in the 90 days up to {@code asOf} less those in the 90 before.
     */
    public List<FeatureVector> asOf(LocalDate asOf) {
        long end = asOf.toEpochDay();
        List<FeatureVector> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, Double>> e : new TreeMap<>(days).entrySet()) {
            var seen = e.getValue().headMap(end, true);
            if (seen.isEmpty()) {
                continue;
            }
            long first = seen.firstKey();
            long last = seen.lastKey();
            int n = seen.size();
            double total = seen.values().stream().mapToDouble(Double::doubleValue).sum();
            int recent = seen.tailMap(end - 90, false).size();
            int before = seen.subMap(end - 180, false, end - 90, true).size();
            out.add(new FeatureVector(e.getKey(), NAMES, new double[] {end - last, Math.log1p(n), Math.log1p(Math.max(0, total / n)),
                end - first, recent - before}));
        }
        return out;
    }

    /** Whether each customer bought in the days after {@code from} up to {@code to} (included). */
    public Map<String, Boolean> boughtBetween(LocalDate from, LocalDate to) {
        Map<String, Boolean> out = new HashMap<>();
        for (Map.Entry<String, TreeMap<Long, Double>> e : days.entrySet()) {
            out.put(e.getKey(), !e.getValue().subMap(from.toEpochDay(), false, to.toEpochDay(), true).isEmpty());
        }
        return out;
    }
}
