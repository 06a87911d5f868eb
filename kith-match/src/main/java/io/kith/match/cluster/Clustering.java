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
    private final long refused;

    private Clustering(int[] clusterOf, List<Cluster> clusters, long refused) {
        this.clusterOf = clusterOf;
        this.clusters = clusters;
        this.refused = refused;
    }

    /** Clusters {@code n} records by the connected components of the links with weight at least {@code minWeight}. */
    public static Clustering of(int n, Links links, double minWeight) {
        return of(n, links, minWeight, 0.0);
    }

    /**
     * Clusters {@code n} records by the links with weight at least {@code minWeight}, strongest first; with
     * {@code minDensity} above 0, two groups join only when at least that share of the pairs between them are linked
     * (and always through at least one link).
     *
     * <p>Why: connected components let one false link join two people, and on a large table the false links chain
     * people into components of thousands. Requiring the links between two groups to be dense keeps a group a
     * near-clique: a singleton joins a pair through one link, a group of three needs two links to a fourth record, and
     * a chain stops growing after about 1/minDensity records. The links refused are counted.
     */
    public static Clustering of(int n, Links links, double minWeight, double minDensity) {
        UnionFind sets = new UnionFind(n);
        long refused = 0;
        if (minDensity <= 0) {
            for (int i = 0; i < links.size(); i++) {
                if (links.weight(i) >= minWeight) {
                    sets.union(links.left(i), links.right(i));
                }
            }
        } else {
            refused = guarded(n, links, minWeight, minDensity, sets);
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
            if (links.weight(i) >= minWeight && clusterOf[links.left(i)] == clusterOf[links.right(i)]) {
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
        return new Clustering(clusterOf, List.copyOf(clusters), refused);
    }

    private static long guarded(int n, Links links, double minWeight, double minDensity, UnionFind sets) {
        // the strong links as adjacency lists (CSR), and their order, strongest first
        int strong = 0;
        int[] degree = new int[n + 1];
        for (int i = 0; i < links.size(); i++) {
            if (links.weight(i) >= minWeight) {
                strong++;
                degree[links.left(i)]++;
                degree[links.right(i)]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + degree[i];
        }
        int[] fill = java.util.Arrays.copyOf(start, n);
        int[] neighbour = new int[2 * strong];
        Integer[] order = new Integer[strong];
        int k = 0;
        for (int i = 0; i < links.size(); i++) {
            if (links.weight(i) >= minWeight) {
                neighbour[fill[links.left(i)]++] = links.right(i);
                neighbour[fill[links.right(i)]++] = links.left(i);
                order[k++] = i;
            }
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(links.weight(y), links.weight(x)));
        // members of each group as a circular list through next[]
        int[] next = new int[n];
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i;
            size[i] = 1;
        }
        long refused = 0;
        for (int e : order) {
            int ra = sets.find(links.left(e));
            int rb = sets.find(links.right(e));
            if (ra == rb) {
                continue;
            }
            int small = size[ra] <= size[rb] ? ra : rb;
            int other = small == ra ? rb : ra;
            long cross = 0;
            int x = small;
            do {
                for (int j = start[x]; j < start[x + 1]; j++) {
                    if (sets.find(neighbour[j]) == other) {
                        cross++;
                    }
                }
                x = next[x];
            } while (x != small);
            if (cross < minDensity * size[ra] * (double) size[rb]) {
                refused++;
                continue;
            }
            sets.union(ra, rb);
            int root = sets.find(ra);
            int t = next[ra];
            next[ra] = next[rb];
            next[rb] = t;
            size[root] = size[ra] + size[rb];
        }
        return refused;
    }

    /** Strong links not followed because the groups they would join were too sparsely linked. */
    public long refusedLinks() {
        return refused;
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
