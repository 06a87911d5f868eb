package io.kith.model.propensity;

import io.kith.model.Contribution;
import io.kith.model.ModelVersion;
import java.util.List;

/**
 * A customer's predicted probability of the outcome, with what drove it.
 *
 * @param contributions the features by the size of their effect on the log-odds (coefficient × standardised value),
 *                      largest first
 * @param explanation   the top contributions in words, such as "recency_days 300 (−1.20), frequency 1 (−0.40)"
 */
public record PropensityPrediction(String customerId, double probability, List<Contribution> contributions, ModelVersion version,
        String explanation) {
}
