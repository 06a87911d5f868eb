package io.kith.rfm;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One purchase or return line as RFM reads it: who, on which day, how much, and optionally in which order and for
 * which brand. A negative amount is a return or credit note.
 *
 * @param customerId the customer, never blank
 * @param date       the day of the transaction, as the source wrote it (no time-zone conversion)
 * @param amount     the amount in the shop's currency; negative for a return
 * @param orderId    the order (invoice) it belongs to; rows of one order count as one purchase. Empty: the row is an
 *                   order of its own
 * @param brand      the brand it was bought from, for per-brand RFM
 */
public record Transaction(String customerId, LocalDate date, BigDecimal amount, Optional<String> orderId, Optional<String> brand) {
    public Transaction {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(brand, "brand");
        if (customerId == null || customerId.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a transaction needs a customer id; got " + (customerId == null ? "none" : "\"" + customerId + "\""));
        }
        orderId = orderId.filter(o -> !o.isBlank());
        brand = brand.filter(b -> !b.isBlank());
    }

    /** A transaction that is an order of its own, for no particular brand. */
    public static Transaction of(String customerId, LocalDate date, BigDecimal amount) {
        return new Transaction(customerId, date, amount, Optional.empty(), Optional.empty());
    }

    /** A line of an order, for no particular brand. */
    public static Transaction inOrder(String customerId, String orderId, LocalDate date, BigDecimal amount) {
        return new Transaction(customerId, date, amount, Optional.of(orderId), Optional.empty());
    }

    /** This transaction, for a brand. */
    public Transaction withBrand(String brand) {
        return new Transaction(customerId, date, amount, orderId, Optional.of(brand));
    }
}
