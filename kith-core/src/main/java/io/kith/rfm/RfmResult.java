package io.kith.rfm;

import java.math.BigDecimal;
import java.util.List;

/**
 * An RFM analysis: every scored customer, sorted by customer id, the grid for charts, the value range behind each
 * score, and what was left out and why.
 *
 * @param customers  the scored customers, by customer id (String order)
 * @param bands      for each metric, the values the customers of each score have
 * @param segmentMap the map the segments were named with
 */
public record RfmResult(RfmQuery query, List<CustomerRfm> customers, RfmGrid grid, Bands bands, Skipped skipped, SegmentMap segmentMap) {
    public RfmResult {
        customers = List.copyOf(customers);
    }

    /**
     * What did not count.
     *
     * @param afterAsOf               transactions dated after the as-of day
     * @param outsideWindow           transactions on or before the as-of day but older than the window
     * @param otherBrand              transactions of another brand, or of none, when the query names a brand
     * @param customersWithoutPurchase customers with transactions in the window but no purchase (only returns, or
     *                                orders that net to zero or less); not scored
     * @param customersWithoutValue   customers with purchases whose returns bring their monetary value to zero or
     *                                less; not scored
     */
    public record Skipped(long afterAsOf, long outsideWindow, long otherBrand, int customersWithoutPurchase, int customersWithoutValue) {
    }

    /**
     * The quintile boundaries as found: for each score that some customer has, how many have it and the lowest and
     * highest value among them. For R the values are recency days, so R = 5 has the fewest days.
     */
    public record Bands(List<Band> recencyDays, List<Band> frequency, List<Band> monetary) {
        public Bands {
            recencyDays = List.copyOf(recencyDays);
            frequency = List.copyOf(frequency);
            monetary = List.copyOf(monetary);
        }
    }

    /** The customers of one score and the range of their values; scores no customer has are left out. */
    public record Band(int score, int customers, BigDecimal lowest, BigDecimal highest) {
    }
}
