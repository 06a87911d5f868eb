package io.kith.model.recommend;

import io.kith.model.ModelVersion;
import java.util.List;

/** The top items for one customer, best first, never an item the customer bought. */
public record Recommendations(String customerId, List<Recommendation> items, ModelVersion version) {
}
