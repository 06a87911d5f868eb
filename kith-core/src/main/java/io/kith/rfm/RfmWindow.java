package io.kith.rfm;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.segment.Limits;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The days whose transactions count, relative to the as-of day. Both end on the as-of day, which is included:
 * a purchase on the as-of day has a recency of 0 days. Transactions after the as-of day never count.
 */
public sealed interface RfmWindow {
    /** Whether a transaction on {@code date} counts for an analysis as of {@code asOf}. */
    boolean contains(LocalDate date, LocalDate asOf);

    /** Every transaction up to and including the as-of day. */
    static RfmWindow all() {
        return All.INSTANCE;
    }

    /** The {@code days} days that end with the as-of day: transactions with a recency of 0 to {@code days - 1} days. */
    static RfmWindow lastDays(int days) {
        return new LastDays(days);
    }

    /** Every transaction up to and including the as-of day. */
    enum All implements RfmWindow {
        INSTANCE;

        @Override
        public boolean contains(LocalDate date, LocalDate asOf) {
            return !date.isAfter(asOf);
        }

        @Override
        public String toString() {
            return "all days";
        }
    }

    /** The {@code days} days that end with the as-of day: 1 to {@link Limits#MAX_DAYS}, the longest window of a segment. */
    record LastDays(int days) implements RfmWindow {
        public LastDays {
            if (days < 1 || days > Limits.MAX_DAYS) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "an RFM window is from 1 to " + Limits.MAX_DAYS + " days; got " + days);
            }
        }

        @Override
        public boolean contains(LocalDate date, LocalDate asOf) {
            long age = ChronoUnit.DAYS.between(date, asOf);
            return age >= 0 && age < days;
        }

        @Override
        public String toString() {
            return "the last " + days + " days";
        }
    }
}
