package io.kith.model.recommend;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/**
 * How the item-to-item model is built.
 *
 * @param neighbours how many most similar items are kept per item (default 50)
 * @param viewWeight the weight of a view against a purchase's 1 in the customer-item vectors (default 0.25)
 */
public record ItemToItemSettings(int neighbours, double viewWeight) {
    public ItemToItemSettings {
        if (neighbours < 1 || !(viewWeight >= 0 && viewWeight <= 1)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "item-to-item needs neighbours >= 1 and a view weight in [0, 1]; got "
                    + neighbours + ", " + viewWeight);
        }
    }

    public static ItemToItemSettings defaults() {
        return new ItemToItemSettings(50, 0.25);
    }
}
