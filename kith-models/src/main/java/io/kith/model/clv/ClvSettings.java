package io.kith.model.clv;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/**
 * How customer lifetime value is summed.
 *
 * @param horizonMonths       the months CLV covers (default 12)
 * @param monthlyDiscountRate the discount rate per month (default 0.01), as lifetimes' {@code customer_lifetime_value}
 */
public record ClvSettings(int horizonMonths, double monthlyDiscountRate) {
    /** A month, for CLV: a twelfth of the mean Gregorian year. */
    public static final double DAYS_PER_MONTH = 365.2425 / 12;

    public ClvSettings {
        if (horizonMonths < 1 || horizonMonths > 1200) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the CLV horizon must be 1 to 1200 months; got " + horizonMonths);
        }
        if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the monthly discount rate must be in [0, 1); got " + monthlyDiscountRate);
        }
    }

    /** 12 months at 1 % a month. */
    public static ClvSettings defaults() {
        return new ClvSettings(12, 0.01);
    }
}
