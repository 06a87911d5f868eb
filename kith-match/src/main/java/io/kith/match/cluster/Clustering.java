package io.kith.match.cluster;

import io.kith.match.score.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records grouped by the connected components of their links at or above a weight: every record is in exactly
 * one cluster, identified by its smallest member. Each cluster carries its evidence: how many of its possible
 * pairs are linked (density) and the weakest and mean link probability, so a long chain held together by one weak
 * link stands out. Immutable.
 */
public final class Clustering {
    /**
     * One cluster of two or more records.
     *
     * @param edges           links within the cluster at or above the threshold
     * @param minProbability  the weakest such link
     * @param meanProbability the mean over those links
     */
    public record Cluster(int id, int size, long edges, double minProbability, double meanProbability) {
        /** Links over possible pairs: 1 for a clique, 2/size for a chain. */
        public double density() {
            return size < 2 ? 1.0 : edges / (size * (size - 1) / 2.0);
        }
    }

    private final int[] clusterOf;
    private final List<Cluster> clusters;

    private Clustering(int[] clusterOf, List<Cluster> clusters) {
        this.clusterOf = clusterOf;
        this.clusters = clusters;
    }

    /** Clusters {@code n} records by the links with weight at least {@code minWeight}. */
    public static Clustering of(int n, Links links, double minWeight) {
        UnionFind sets = new UnionFind(n);
        for (int i = 0; i < links.size(); i++) {
            if (links.weight(i) >= minWeight) {
                sets.union(links.left(i), links.right(i));
            }
        }
        int[] smallest = new int[n];
        Arrays.fill(smallest, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            int root = sets.find(i);
            smallest[root] = Math.min(smallest[root], i);
        }
        int[] clusterOf = new int[n];
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            clusterOf[i] = smallest[sets.find(i)];
            sizes[clusterOf[i]]++;
        }
        long[] edges = new long[n];
        double[] min = new double[n];
        double[] sum = new double[n];
        Arrays.fill(min, 1.0);
        for (int i = 0; i < links.size(); i++) {
            if (links.weight(i) >= minWeight) {
                int c = clusterOf[links.left(i)];
                double p = Model.probability(links.weight(i));
                edges[c]++;
                min[c] = Math.min(min[c], p);
                sum[c] += p;
            }
        }
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (clusterOf[i] == i && sizes[i] > 1) {
                clusters.add(new Cluster(i, sizes[i], edges[i], min[i], sum[i] / edges[i]));
            }
        }
        return new Clustering(clusterOf, List.copyOf(clusters));
    }

    /** The cluster id (smallest member) of record {@code i}; a record on its own is its own cluster. */
    public int clusterOf(int i) {
        return clusterOf[i];
    }

    /** The clusters of two or more records, by id. */
    public List<Cluster> clusters() {
        return clusters;
    }

    public int records() {
        return clusterOf.length;
    }
}
