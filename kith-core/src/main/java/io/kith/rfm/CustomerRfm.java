package io.kith.rfm;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The RFM of one customer as of a day.
 *
 * @param lastPurchase the day of the customer's last purchase in the window (an order with a positive total)
 * @param recencyDays  days from the last purchase to the as-of day; 0 when it was on the as-of day
 * @param frequency    purchases in the window: distinct orders with a positive total (a row without an order id
 *                     is an order of its own); returns do not count
 * @param monetary     the sum of every amount in the window, returns subtracted; always positive for a scored
 *                     customer
 * @param segment      the segment's name in the map used
 */
public record CustomerRfm(String customerId, LocalDate lastPurchase, long recencyDays, int frequency, BigDecimal monetary, RfmScore score,
                          String segment) {
}
