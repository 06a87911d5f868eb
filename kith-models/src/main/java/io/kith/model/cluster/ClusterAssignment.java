package io.kith.model.cluster;

import io.kith.model.ModelVersion;

/**
 * One customer's cluster, with the cluster's description as the explanation.
 *
 * @param row the customer's index in the rows clustered
 */
public record ClusterAssignment(int row, int cluster, String description, ModelVersion version) {
}
