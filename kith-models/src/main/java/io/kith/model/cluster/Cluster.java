package io.kith.model.cluster;

import io.kith.model.Contribution;
import java.util.List;

/**
 * One cluster of customers.
 *
 * @param centroid    the centroid's z-score per feature (standard deviations from the mean of all customers), as
 *                    contributions with the feature's raw mean in the cluster as the value
 * @param description the features whose centroid lies at least half a standard deviation from the mean, in words,
 *                    largest first, such as "recent, frequent, high spend"; "average" when none does
 */
public record Cluster(int index, int size, List<Contribution> centroid, String description) {
}
