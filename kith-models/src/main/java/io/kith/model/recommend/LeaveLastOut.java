package io.kith.model.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline evaluation: for every customer who bought at least two distinct items, the last purchased item (latest
 * time; ties by item id) is held out; the model is built on everything else and asked for the customer's top N.
 * With one held-out item per customer, hit rate and recall@N are the same number. The popularity baseline
 * recommends the N most bought items the customer did not buy.
 *
 * @param customers       the customers evaluated (those with at least two distinct purchased items)
 * @param hitRate         the share whose held-out item is in the model's top N
 * @param popularHitRate  the share whose held-out item is in the popularity baseline's top N
 */
public record LeaveLastOut(int n, int customers, double hitRate, double popularHitRate) {
    /** Runs the evaluation. */
    public static LeaveLastOut evaluate(List<Interaction> interactions, ItemToItemSettings settings, int n) {
        Map<String, List<Interaction>> purchases = new HashMap<>();
        for (Interaction in : interactions) {
            if (in.kind() == Interaction.Kind.PURCHASE) {
                purchases.computeIfAbsent(in.customerId(), k -> new ArrayList<>()).add(in);
            }
        }
        Map<String, String> heldOut = new HashMap<>();
        for (Map.Entry<String, List<Interaction>> e : purchases.entrySet()) {
            Set<String> distinct = new HashSet<>();
            e.getValue().forEach(i -> distinct.add(i.itemId()));
            if (distinct.size() < 2) {
                continue;
            }
            Interaction last = e.getValue().stream().max(Comparator.comparingLong(Interaction::time).thenComparing(Interaction::itemId)).orElseThrow();
            // Held out only if the customer did not also buy it earlier: otherwise it is no new item to find.
            long earlier = e.getValue().stream().filter(i -> i.itemId().equals(last.itemId())).count();
            if (earlier == 1) {
                heldOut.put(e.getKey(), last.itemId());
            }
        }
        List<Interaction> training = interactions.stream().filter(i -> !(i.kind() == Interaction.Kind.PURCHASE
                && i.itemId().equals(heldOut.get(i.customerId())))).toList();
        ItemToItem model = ItemToItem.fit(training, settings);
        int hits = 0;
        int popularHits = 0;
        for (Map.Entry<String, String> e : heldOut.entrySet()) {
            if (model.recommend(e.getKey(), n).items().stream().anyMatch(r -> r.itemId().equals(e.getValue()))) {
                hits++;
            }
            if (model.popularFor(e.getKey(), n).contains(e.getValue())) {
                popularHits++;
            }
        }
        int m = heldOut.size();
        return new LeaveLastOut(n, m, m == 0 ? 0 : (double) hits / m, m == 0 ? 0 : (double) popularHits / m);
    }
}
