package io.kith.model.household;

import java.util.List;

/**
 * Profiles that share one normalised value.
 *
 * @param key the shared value as normalised (a payment token or device shown by its last four characters only)
 */
public record Evidence(Kind kind, String key, List<String> profileIds) {
    /** What is shared, and how strongly sharing it says "one household" (the weight, in [0, 1]). */
    public enum Kind {
        PAYMENT_TOKEN(0.9), ADDRESS_AND_SURNAME(0.85), LANDLINE(0.8), DEVICE(0.6);

        private final double weight;

        Kind(double weight) {
            this.weight = weight;
        }

        public double weight() {
            return weight;
        }
    }
}
