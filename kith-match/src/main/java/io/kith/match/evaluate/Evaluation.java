package io.kith.match.evaluate;

import io.kith.match.cluster.Clustering;
import io.kith.match.cluster.Links;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import io.kith.match.block.Blocking;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deduplication scored against the truth, three ways.
 *
 * @param links        the linked pairs (at or above the threshold) against the pairs of records of one entity
 * @param clusterPairs every pair within a predicted cluster (the transitive closure of the links) against the true pairs
 * @param clusters     predicted clusters identical to a true entity's records, over predicted and true clusters
 *                     (singletons included)
 * @param blocking     true pairs that blocking made candidates (recall is what counts: the best any threshold can reach)
 */
public record Evaluation(Metrics links, Metrics clusterPairs, Metrics clusters, Metrics blocking) {
    public static Evaluation of(String[] entity, Links links, double minWeight, Clustering clustering, Blocking candidates) {
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
        Map<String, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (entitySize.getInt(label[i]) > 1) {
                members.computeIfAbsent(label[i], k -> new ArrayList<>()).add(i);
            }
        }
        long blocked = 0;
        for (List<Integer> group : members.values()) {
            for (int x = 0; x < group.size(); x++) {
                for (int y = x + 1; y < group.size(); y++) {
                    if (candidates.sharedRules(group.get(x), group.get(y)) != 0) {
                        blocked++;
                    }
                }
            }
        }
        return new Evaluation(new Metrics(linkedTrue, linked, truePairs), new Metrics(predictedTrue, predictedPairs, truePairs),
                new Metrics(exact, byCluster.size(), entitySize.size()), new Metrics(blocked, blocked, truePairs));
    }
}
