package io.kith.model.clv;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/**
 * What BG/NBD and Gamma-Gamma know of a customer at the end of the calibration period: the customer's repeat
 * purchases, when the last one was and how long the customer has been one, and the mean value of the repeat
 * purchases. Purchases on the same day count as one (as in Fader, Hardie &amp; Lee 2005); the first purchase is not a
 * repeat purchase.
 *
 * @param frequency repeat purchases ({@code x}): the days with a purchase after the first one
 * @param recency   {@code t_x}: time from the first purchase to the last, in the fit's unit; 0 when frequency is 0
 * @param age       {@code T}: time from the first purchase to the end of the calibration period
 * @param monetary  mean value of the repeat purchases (each day's amounts summed); 0 when frequency is 0
 */
public record CustomerSummary(String customerId, int frequency, double recency, double age, double monetary) {
    public CustomerSummary {
        if (customerId == null || customerId.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a customer summary needs a customer id");
        }
        if (frequency < 0 || !(recency >= 0) || !(age >= recency) || Double.isInfinite(age) || Double.isNaN(monetary)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "customer " + customerId + ": needs frequency >= 0 and "
                    + "0 <= recency <= age; got frequency " + frequency + ", recency " + recency + ", age " + age + ", monetary " + monetary);
        }
        if (frequency == 0 && recency != 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "customer " + customerId + ": no repeat purchase, so recency must be 0; got " + recency);
        }
    }
}
