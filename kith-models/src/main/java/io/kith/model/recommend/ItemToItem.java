package io.kith.model.recommend;

import io.kith.model.ModelVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Item-to-item collaborative filtering (Linden, Smith &amp; York 2003): two items are similar when the same customers
 * bought or viewed them, by the cosine of their customer vectors (a purchase weighs 1, a view the settings' weight;
 * a customer's weight for an item is the highest of its interactions). Each item keeps its top-K neighbours. A
 * customer's candidates are scored by the sum of their similarities to the customer's items; items the customer
 * bought are never recommended; when too few candidates remain, the most popular items (by buyers) fill the list, as
 * they do for a customer the model has never seen. Immutable and thread-safe once built (each thread scores in working
 * arrays of its own).
 */
public final class ItemToItem {
    /** The model's name in a {@link ModelVersion}. */
    public static final String NAME = "item-to-item";
    static final int REVISION = 1;

    private final String[] items;
    private final Map<String, Integer> customerIndex;
    /** Per customer, its items and weights, sorted by item; and which it bought. */
    private final int[][] customerItems;
    private final float[][] customerWeights;
    private final boolean[][] customerBought;
    private final int[][] neighbours;
    private final float[][] similarity;
    private final int[] popular;
    private final double[] popularShare;
    private final ModelVersion version;
    private final Map<String, Integer> itemIds;
    private final ThreadLocal<Scratch> scratch;

    private ItemToItem(String[] items, Map<String, Integer> customerIndex, int[][] customerItems, float[][] customerWeights,
            boolean[][] customerBought, int[][] neighbours, float[][] similarity, int[] popular, double[] popularShare, ItemToItemSettings settings) {
        this.items = items;
        this.customerIndex = customerIndex;
        this.customerItems = customerItems;
        this.customerWeights = customerWeights;
        this.customerBought = customerBought;
        this.neighbours = neighbours;
        this.similarity = similarity;
        this.popular = popular;
        this.popularShare = popularShare;
        this.itemIds = new HashMap<>();
        for (int i = 0; i < items.length; i++) {
            itemIds.put(items[i], i);
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(items.length));
        this.version = ModelVersion.of(NAME, REVISION, settings.neighbours(), settings.viewWeight(), items.length, customerIndex.size(),
                Arrays.stream(popular).limit(20).sum());
    }

    /** Builds the model from interactions. The neighbour search runs in parallel over the common fork-join pool. */
    public static ItemToItem fit(Collection<Interaction> interactions, ItemToItemSettings settings) {
        Map<String, Integer> itemIndex = new HashMap<>();
        Map<String, Integer> customerIndex = new HashMap<>();
        List<String> itemNames = new ArrayList<>();
        List<Map<Integer, float[]>> perCustomer = new ArrayList<>(); // item -> [weight, bought]
        for (Interaction in : interactions) {
            int item = itemIndex.computeIfAbsent(in.itemId(), k -> {
                itemNames.add(k);
                return itemNames.size() - 1;
            });
            int c = customerIndex.computeIfAbsent(in.customerId(), k -> {
                perCustomer.add(new HashMap<>());
                return perCustomer.size() - 1;
            });
            float[] wb = perCustomer.get(c).computeIfAbsent(item, k -> new float[2]);
            boolean bought = in.kind() == Interaction.Kind.PURCHASE;
            wb[0] = (float) Math.max(wb[0], bought ? 1 : settings.viewWeight());
            if (bought) {
                wb[1] = 1;
            }
        }
        int nItems = itemNames.size();
        int nCustomers = perCustomer.size();
        int[][] cItems = new int[nCustomers][];
        float[][] cWeights = new float[nCustomers][];
        boolean[][] cBought = new boolean[nCustomers][];
        int[] buyers = new int[nItems];
        int[] itemDegree = new int[nItems];
        double[] norm = new double[nItems];
        for (int c = 0; c < nCustomers; c++) {
            int[] is = perCustomer.get(c).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            cItems[c] = is;
            cWeights[c] = new float[is.length];
            cBought[c] = new boolean[is.length];
            for (int k = 0; k < is.length; k++) {
                float[] wb = perCustomer.get(c).get(is[k]);
                cWeights[c][k] = wb[0];
                cBought[c][k] = wb[1] > 0;
                buyers[is[k]] += wb[1] > 0 ? 1 : 0;
                itemDegree[is[k]]++;
                norm[is[k]] += (double) wb[0] * wb[0];
            }
            perCustomer.set(c, null);
        }
        // Item -> customers (CSR), for the co-occurrence sums.
        int[] start = new int[nItems + 1];
        for (int i = 0; i < nItems; i++) {
            start[i + 1] = start[i] + itemDegree[i];
        }
        int[] itemCustomers = new int[start[nItems]];
        float[] itemCustomerWeights = new float[start[nItems]];
        int[] fill = Arrays.copyOf(start, nItems);
        for (int c = 0; c < nCustomers; c++) {
            for (int k = 0; k < cItems[c].length; k++) {
                int at = fill[cItems[c][k]]++;
                itemCustomers[at] = c;
                itemCustomerWeights[at] = cWeights[c][k];
            }
        }
        int kNeighbours = settings.neighbours();
        int[][] neighbours = new int[nItems][];
        float[][] similarity = new float[nItems][];
        ThreadLocal<double[]> accumulators = ThreadLocal.withInitial(() -> new double[nItems]);
        ThreadLocal<int[]> touchedLists = ThreadLocal.withInitial(() -> new int[nItems]);
        IntStream.range(0, nItems).parallel().forEach(i -> {
            double[] acc = accumulators.get();
            int[] touched = touchedLists.get();
            int nTouched = 0;
            for (int at = start[i]; at < start[i + 1]; at++) {
                int c = itemCustomers[at];
                double wi = itemCustomerWeights[at];
                int[] cis = cItems[c];
                float[] cws = cWeights[c];
                for (int k = 0; k < cis.length; k++) {
                    int j = cis[k];
                    if (j == i) {
                        continue;
                    }
                    if (acc[j] == 0) {
                        touched[nTouched++] = j;
                    }
                    acc[j] += wi * cws[k];
                }
            }
            TopK top = new TopK(kNeighbours);
            for (int t = 0; t < nTouched; t++) {
                int j = touched[t];
                top.offer(j, acc[j] / Math.sqrt(norm[i] * norm[j]));
                acc[j] = 0;
            }
            neighbours[i] = top.ids();
            similarity[i] = top.scores();
        });
        int[] popular = IntStream.range(0, nItems).boxed().sorted((a, b) -> buyers[a] != buyers[b] ? Integer.compare(buyers[b], buyers[a])
                : itemNames.get(a).compareTo(itemNames.get(b))).limit(1000).mapToInt(Integer::intValue).toArray();
        double[] share = Arrays.stream(popular).mapToDouble(i -> (double) buyers[i] / Math.max(1, nCustomers)).toArray();
        return new ItemToItem(itemNames.toArray(String[]::new), customerIndex, cItems, cWeights, cBought, neighbours, similarity, popular,
                share, settings);
    }

    public ModelVersion version() {
        return version;
    }

    /** The number of items known. */
    public int items() {
        return items.length;
    }

    /** The top {@code n} items for each customer, in their order, computed in parallel over the common fork-join pool. */
    public List<Recommendations> recommendAll(List<String> customerIds, int n) {
        return customerIds.parallelStream().map(c -> recommend(c, n)).toList();
    }

    /** The top {@code n} items for a customer; for a customer never seen, the most popular. */
    public Recommendations recommend(String customerId, int n) {
        Integer c = customerIndex.get(customerId);
        List<Recommendation> out = new ArrayList<>();
        Scratch s = scratch.get();
        if (c != null) {
            int[] cis = customerItems[c];
            for (int k = 0; k < cis.length; k++) {
                if (customerBought[c][k]) {
                    s.excluded[cis[k]] = true;
                }
            }
            int touched = 0;
            for (int k = 0; k < cis.length; k++) {
                int i = cis[k];
                float w = customerWeights[c][k];
                for (int m = 0; m < neighbours[i].length; m++) {
                    int j = neighbours[i][m];
                    if (s.excluded[j]) {
                        continue;
                    }
                    double contribution = w * similarity[i][m];
                    if (!(contribution > 0)) {
                        continue; // a view at weight 0: no evidence, and a score of 0 marks an untouched item
                    }
                    if (s.score[j] == 0) {
                        s.touched[touched++] = j;
                        s.first[j] = -1;
                        s.second[j] = -1;
                        s.firstContribution[j] = 0;
                        s.secondContribution[j] = 0;
                    }
                    s.score[j] += contribution;
                    if (contribution > s.firstContribution[j]) {
                        s.second[j] = s.first[j];
                        s.secondContribution[j] = s.firstContribution[j];
                        s.first[j] = i;
                        s.firstContribution[j] = contribution;
                    } else if (contribution > s.secondContribution[j]) {
                        s.second[j] = i;
                        s.secondContribution[j] = contribution;
                    }
                }
            }
            // The n best by selection (n is small): highest score, ties by item id.
            for (int r = 0; r < n; r++) {
                int bestAt = -1;
                for (int t = 0; t < touched; t++) {
                    int j = s.touched[t];
                    if (j < 0) {
                        continue;
                    }
                    if (bestAt < 0 || better(j, s.touched[bestAt], s.score)) {
                        bestAt = t;
                    }
                }
                if (bestAt < 0 || s.score[s.touched[bestAt]] <= 0) {
                    break;
                }
                int j = s.touched[bestAt];
                List<String> because = s.second[j] >= 0 ? List.of(items[s.first[j]], items[s.second[j]]) : List.of(items[s.first[j]]);
                out.add(new Recommendation(items[j], s.score[j], because, "bought or viewed with " + String.join(", ", because)));
                s.excluded[j] = true;
                s.score[j] = 0;
                s.touched[bestAt] = -1;
            }
            for (int t = 0; t < touched; t++) {
                if (s.touched[t] >= 0) {
                    s.score[s.touched[t]] = 0;
                }
            }
        }
        for (int p = 0; p < popular.length && out.size() < n; p++) {
            if (!s.excluded[popular[p]]) {
                out.add(new Recommendation(items[popular[p]], popularShare[p], List.of(), String.format(Locale.ROOT, "popular: bought by %.1f%% of customers",
                        100 * popularShare[p])));
            }
        }
        // Clear the marks for the next customer on this thread.
        if (c != null) {
            for (int k : customerItems[c]) {
                s.excluded[k] = false;
            }
        }
        for (Recommendation r : out) {
            s.excluded[itemIndex(r.itemId())] = false;
        }
        return new Recommendations(customerId, List.copyOf(out), version);
    }

    private boolean better(int a, int b, double[] score) {
        return score[a] != score[b] ? score[a] > score[b] : items[a].compareTo(items[b]) < 0;
    }

    private int itemIndex(String item) {
        return itemIds.get(item);
    }

    /** Per-thread working arrays over all items, so that scoring a customer allocates no map. */
    private static final class Scratch {
        final double[] score;
        final int[] first;
        final int[] second;
        final double[] firstContribution;
        final double[] secondContribution;
        final boolean[] excluded;
        final int[] touched;

        Scratch(int items) {
            score = new double[items];
            first = new int[items];
            second = new int[items];
            firstContribution = new double[items];
            secondContribution = new double[items];
            excluded = new boolean[items];
            touched = new int[items];
        }
    }

    /** The top {@code n} popular items the customer did not buy: the baseline the model is measured against. */
    public List<String> popularFor(String customerId, int n) {
        Integer c = customerIndex.get(customerId);
        java.util.Set<Integer> bought = new java.util.HashSet<>();
        if (c != null) {
            for (int k = 0; k < customerItems[c].length; k++) {
                if (customerBought[c][k]) {
                    bought.add(customerItems[c][k]);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int p = 0; p < popular.length && out.size() < n; p++) {
            if (!bought.contains(popular[p])) {
                out.add(items[popular[p]]);
            }
        }
        return out;
    }

    /** The k highest scores offered, by a small min-heap. */
    private static final class TopK {
        private final int k;
        private final int[] ids;
        private final double[] scores;
        private int size;

        TopK(int k) {
            this.k = k;
            this.ids = new int[k];
            this.scores = new double[k];
        }

        void offer(int id, double score) {
            if (size < k) {
                ids[size] = id;
                scores[size] = score;
                up(size++);
            } else if (score > scores[0]) {
                ids[0] = id;
                scores[0] = score;
                down(0);
            }
        }

        private void up(int i) {
            while (i > 0 && scores[(i - 1) / 2] > scores[i]) {
                swap(i, (i - 1) / 2);
                i = (i - 1) / 2;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int m = i;
                if (l < size && scores[l] < scores[m]) {
                    m = l;
                }
                if (r < size && scores[r] < scores[m]) {
                    m = r;
                }
                if (m == i) {
                    return;
                }
                swap(i, m);
                i = m;
            }
        }

        private void swap(int a, int b) {
            int t = ids[a];
            ids[a] = ids[b];
            ids[b] = t;
            double s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
        }

        int[] ids() {
            Integer[] order = IntStream.range(0, size).boxed().sorted((a, b) -> Double.compare(scores[b], scores[a])).toArray(Integer[]::new);
            return Arrays.stream(order).mapToInt(o -> ids[o]).toArray();
        }

        float[] scores() {
            Integer[] order = IntStream.range(0, size).boxed().sorted((a, b) -> Double.compare(scores[b], scores[a])).toArray(Integer[]::new);
            float[] out = new float[size];
            for (int i = 0; i < size; i++) {
                out[i] = (float) scores[order[i]];
            }
            return out;
        }
    }
}
