package io.kith.model.recommend;

import java.util.List;

/**
 * An item recommended to a customer.
 *
 * @param score   the sum of the item's similarities to the customer's items (each weighted by how the customer
 *                interacted with it); for a popularity fill, the share of customers who bought it
 * @param because the customer's items that contributed most, empty for a popularity fill
 * @param reason  "bought with X, Y" or "popular"
 */
public record Recommendation(String itemId, double score, List<String> because, String reason) {
}
