package io.kith.model.cluster;

import io.kith.model.ModelVersion;
import java.util.List;

/**
 * The result of k-means: the clusters, each customer's cluster (by the input's index), and how k was chosen.
 *
 * @param assignment  the cluster index of each input row
 * @param silhouettes the mean silhouette for each k tried (k - 2 is the index), empty when k was given
 */
public record Clustering(List<Cluster> clusters, int[] assignment, double[] silhouettes, ModelVersion version) {
    /** The cluster of the customer in row {@code row}, explained by the cluster's description. */
    public ClusterAssignment of(int row) {
        Cluster c = clusters.get(assignment[row]);
        return new ClusterAssignment(row, c.index(), c.description(), version);
    }

    /** The k chosen. */
    public int k() {
        return clusters.size();
    }
}
