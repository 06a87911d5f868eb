package io.kith.rfm;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/**
 * The three scores of a customer, each 1 to 5 where 5 is best: most recent, most orders, most spent.
 *
 * @param r recency: 5 for the fifth of customers who bought most recently
 * @param f frequency: 5 for the fifth with the most orders
 * @param m monetary: 5 for the fifth who spent the most
 */
public record RfmScore(int r, int f, int m) {
    public RfmScore {
        check("r", r);
        check("f", f);
        check("m", m);
    }

    /**
     * The combined frequency-and-monetary score the segment map reads: the mean of F and M, rounded half up
     * ({@code (f + m + 1) / 2}), so F = 4, M = 5 gives 5 and F = 1, M = 2 gives 2.
     */
    public int fm() {
        return (f + m + 1) / 2;
    }

    /** The usual three-digit code, such as {@code "545"}. */
    public String code() {
        return "" + r + f + m;
    }

    private static void check(String name, int score) {
        if (score < 1 || score > 5) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "an RFM score is 1 to 5; " + name + " was " + score);
        }
    }
}
