package io.kith.match.evaluate;

import io.kith.match.cluster.Clustering;
import io.kith.match.cluster.Links;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A deduplication scored against the truth, three ways.
 *
 * @param links        the linked pairs (at or above the threshold) against the pairs of records of one entity
 * @param clusterPairs every pair within a predicted cluster (the transitive closure of the links) against the true pairs
 * @param clusters     predicted clusters identical to a true entity's records, over predicted and true clusters
 *                     (singletons included)
 */
public record Evaluation(Metrics links, Metrics clusterPairs, Metrics clusters) {
    public static Evaluation of(String[] entity, Links links, double minWeight, Clustering clustering) {
        int n = entity.length;
        // records without a label each count as an entity of their own
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            label[i] = entity[i] == null ? "\u0000" + i : entity[i];
        }
        Object2IntOpenHashMap<String> entitySize = new Object2IntOpenHashMap<>();
        for (String l : label) {
            entitySize.addTo(l, 1);
        }
        long truePairs = 0;
        for (int s : entitySize.values()) {
            truePairs += (long) s * (s - 1) / 2;
        }
        long linked = 0;
        long linkedTrue = 0;
        for (int i = 0; i < links.size(); i++) {
            if (links.weight(i) >= minWeight) {
                linked++;
                if (label[links.left(i)].equals(label[links.right(i)])) {
                    linkedTrue++;
                }
            }
        }
        // pairs within clusters: per cluster, per entity, count
        Map<Integer, Object2IntOpenHashMap<String>> byCluster = new HashMap<>();
        int[] clusterSize = new int[n];
        for (int i = 0; i < n; i++) {
            int c = clustering.clusterOf(i);
            clusterSize[c]++;
            byCluster.computeIfAbsent(c, k -> new Object2IntOpenHashMap<>()).addTo(label[i], 1);
        }
        long predictedPairs = 0;
        long predictedTrue = 0;
        long exact = 0;
        for (Map.Entry<Integer, Object2IntOpenHashMap<String>> e : byCluster.entrySet()) {
            int size = clusterSize[e.getKey()];
            predictedPairs += (long) size * (size - 1) / 2;
            for (Object2IntOpenHashMap.Entry<String> group : e.getValue().object2IntEntrySet()) {
                int k = group.getIntValue();
                predictedTrue += (long) k * (k - 1) / 2;
                if (k == size && entitySize.getInt(group.getKey()) == size) {
                    exact++;
                }
            }
        }
        return new Evaluation(new Metrics(linkedTrue, linked, truePairs), new Metrics(predictedTrue, predictedPairs, truePairs),
                new Metrics(exact, byCluster.size(), entitySize.size()));
    }
}
