package io.kith.model.clv;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.rfm.Transaction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Transactions gathered per customer and day, from which the calibration summaries and the hold-out counts are
 * taken. A day's amounts are summed and the day counts as one purchase when at least one of its rows is not a return
 * (a negative amount): a day of returns only is no purchase, a free item (amount 0) is one. Not thread-safe.
 */
public final class PurchaseHistory {
    /** A customer's days: epoch day to [sum of amounts, 1 when a row was a purchase]. */
    private final Map<String, TreeMap<Long, double[]>> days = new HashMap<>();

    /** Adds one transaction row. */
    public void add(String customerId, LocalDate date, double amount) {
        double[] day = days.computeIfAbsent(customerId, k -> new TreeMap<>()).computeIfAbsent(date.toEpochDay(), k -> new double[2]);
        day[0] += amount;
        if (amount >= 0) {
            day[1] = 1;
        }
    }

    /** Adds one transaction row as RFM reads it (its order and brand do not matter here). */
    public void add(Transaction t) {
        add(t.customerId(), t.date(), t.amount().doubleValue());
    }

    /** The number of customers seen. */
    public int customers() {
        return days.size();
    }

    /**
     * The summary of every customer whose first purchase is on or before {@code calibrationEnd}, counting only the
     * purchases up to that day (included), sorted by customer id. Recency and age are counted in whole days
     * between days and then converted to the unit: a customer first seen on the last calibration day has T = 0.
     */
    public List<CustomerSummary> summarise(LocalDate calibrationEnd, TimeUnit unit) {
        long end = calibrationEnd.toEpochDay();
        List<CustomerSummary> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, double[]>> e : new TreeMap<>(days).entrySet()) {
            Long first = null;
            long last = 0;
            int purchases = 0;
            double repeatValue = 0;
            for (Map.Entry<Long, double[]> d : e.getValue().headMap(end, true).entrySet()) {
                if (d.getValue()[1] == 0) {
                    continue;
                }
                if (first == null) {
                    first = d.getKey();
                } else {
                    repeatValue += d.getValue()[0];
                }
                last = d.getKey();
                purchases++;
            }
            if (first == null) {
                continue;
            }
            int x = purchases - 1;
            out.add(new CustomerSummary(e.getKey(), x, unit.of(last - first), unit.of(end - first), x == 0 ? 0 : repeatValue / x));
        }
        return out;
    }

    /**
     * The purchase days of each customer after {@code calibrationEnd} up to {@code holdoutEnd} (included), for the
     * customers whose first purchase is on or before {@code calibrationEnd}; customers without one map to 0.
     */
    public Map<String, Integer> holdoutPurchases(LocalDate calibrationEnd, LocalDate holdoutEnd) {
        if (!holdoutEnd.isAfter(calibrationEnd)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the hold-out end " + holdoutEnd + " must be after the calibration end "
                    + calibrationEnd);
        }
        long end = calibrationEnd.toEpochDay();
        Map<String, Integer> out = new HashMap<>();
        for (Map.Entry<String, TreeMap<Long, double[]>> e : days.entrySet()) {
            boolean inCohort = e.getValue().headMap(end, true).values().stream().anyMatch(d -> d[1] > 0);
            if (inCohort) {
                int n = (int) e.getValue().subMap(end, false, holdoutEnd.toEpochDay(), true).values().stream().filter(d -> d[1] > 0).count();
                out.put(e.getKey(), n);
            }
        }
        return out;
    }
}
