package io.kith.model.recommend;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Objects;

/**
 * A customer bought or viewed an item at a time (any increasing number: epoch seconds, a sequence).
 */
public record Interaction(String customerId, String itemId, Kind kind, long time) {
    /** What the customer did with the item. */
    public enum Kind { PURCHASE, VIEW }

    public Interaction {
        Objects.requireNonNull(kind, "kind");
        if (customerId == null || customerId.isBlank() || itemId == null || itemId.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "an interaction needs a customer and an item; got " + customerId + ", " + itemId);
        }
    }

    public static Interaction purchase(String customerId, String itemId, long time) {
        return new Interaction(customerId, itemId, Kind.PURCHASE, time);
    }

    public static Interaction view(String customerId, String itemId, long time) {
        return new Interaction(customerId, itemId, Kind.VIEW, time);
    }
}
