package io.kith.match.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Connected components over the links at or above the threshold, with their evidence. */
class ClusteringProperties {
    @Property(tries = 300)
    void clustersAreTheConnectedComponentsOfTheStrongLinks(@ForAll @IntRange(min = 1, max = 80) int n,
                                                            @ForAll @IntRange(min = 0, max = 120) int edges, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Links links = new Links();
        for (int e = 0; e < edges; e++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            if (a != b) {
                links.add(Math.min(a, b), Math.max(a, b), random.nextDouble(-10, 10));
            }
        }
        double threshold = 0;

        Clustering clustering = Clustering.of(n, links, threshold);

        // a reference: propagate the smallest id along strong links until nothing changes
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = i;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < links.size(); i++) {
                if (links.weight(i) >= threshold) {
                    int a = links.left(i);
                    int b = links.right(i);
                    int min = Math.min(label[a], label[b]);
                    if (label[a] != min || label[b] != min) {
                        label[a] = min;
                        label[b] = min;
                        changed = true;
                    }
                }
            }
        }
        Map<Integer, Integer> sizes = new HashMap<>();
        Map<Integer, Long> strong = new HashMap<>();
        for (int i = 0; i < links.size(); i++) {
            if (links.weight(i) >= threshold) {
                strong.merge(label[links.left(i)], 1L, Long::sum);
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(clustering.clusterOf(i)).as("record %d", i).isEqualTo(label[i]);
            assertThat(clustering.clusterOf(i)).isLessThanOrEqualTo(i);
            sizes.merge(label[i], 1, Integer::sum);
        }
        assertThat(clustering.clusters()).allSatisfy(c -> {
            assertThat(c.size()).isEqualTo(sizes.get(c.id())).isGreaterThan(1);
            assertThat(c.edges()).isEqualTo(strong.get(c.id())).isGreaterThanOrEqualTo(c.size() - 1);
            assertThat(c.minProbability()).isBetween(0.5, 1.0).isLessThanOrEqualTo(c.meanProbability() + 1e-9);
        });
        assertThat(clustering.clusters()).hasSize((int) sizes.values().stream().filter(s -> s > 1).count());
    }

    @Property(tries = 300)
    void theDensityGuardKeepsGroupsDenseAndOnlySplitsComponents(@ForAll @IntRange(min = 1, max = 40) int n,
                                                                 @ForAll @IntRange(min = 0, max = 150) int edges, @ForAll long seed,
                                                                 @ForAll @IntRange(min = 1, max = 10) int tenths) {
        SplittableRandom random = new SplittableRandom(seed);
        Links links = new Links();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int e = 0; e < edges; e++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            if (a != b && seen.add((long) Math.min(a, b) << 32 | Math.max(a, b))) {
                links.add(Math.min(a, b), Math.max(a, b), random.nextDouble(-10, 10));
            }
        }
        double density = tenths / 10.0;

        Clustering guarded = Clustering.of(n, links, 0, density);
        Clustering plain = Clustering.of(n, links, 0);

        for (int i = 0; i < n; i++) {
            // a guarded group lies within one connected component
            assertThat(plain.clusterOf(guarded.clusterOf(i))).isEqualTo(plain.clusterOf(i));
        }
        assertThat(guarded.clusters()).allSatisfy(c -> {
            assertThat(c.edges()).isGreaterThanOrEqualTo(c.size() - 1);
            if (density == 1.0) {
                assertThat(c.density()).isEqualTo(1.0); // every pair linked: a clique
            }
        });
        long joins = guarded.clusters().stream().mapToLong(c -> c.size() - 1).sum();
        long plainJoins = plain.clusters().stream().mapToLong(c -> c.size() - 1).sum();
        assertThat(joins).isLessThanOrEqualTo(plainJoins);
        if (guarded.refusedLinks() == 0) {
            for (int i = 0; i < n; i++) {
                assertThat(guarded.clusterOf(i)).isEqualTo(plain.clusterOf(i));
            }
        }
    }

    @Property(tries = 200)
    void unionFindJoinsOnlyWhenApart(@ForAll @IntRange(min = 1, max = 50) int n, @ForAll long seed) {
        UnionFind sets = new UnionFind(n);
        SplittableRandom random = new SplittableRandom(seed);
        int components = n;
        for (int i = 0; i < 2 * n; i++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            boolean apart = sets.find(a) != sets.find(b);
            assertThat(sets.union(a, b)).isEqualTo(apart);
            components -= apart ? 1 : 0;
            assertThat(sets.find(a)).isEqualTo(sets.find(b));
        }
        long roots = java.util.stream.IntStream.range(0, n).filter(i -> sets.find(i) == i).count();
        assertThat(roots).isEqualTo(components);
    }
}
