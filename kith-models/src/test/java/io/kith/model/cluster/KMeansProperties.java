package io.kith.model.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class KMeansProperties {
    private static final List<FeatureWords> WORDS = List.of(FeatureWords.plain("a"), FeatureWords.plain("b"));

    /** At convergence every customer sits in the cluster with the nearest centroid, and the sizes add up. */
    @Property(tries = 50)
    void everyCustomerIsInTheClusterOfItsNearestCentroid(@ForAll @LongRange(min = 1, max = 10_000) long seed,
            @ForAll @IntRange(min = 1, max = 6) int k) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] rows = new double[300][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {r.nextDouble() * 10, r.nextInt(5)};
        }
        Clustering c = new KMeans(seed, 2000).cluster(rows, WORDS, k);
        double[] mean = new double[2];
        double[] sd = new double[2];
        for (double[] row : rows) {
            for (int j = 0; j < 2; j++) {
                mean[j] += row[j] / rows.length;
            }
        }
        for (double[] row : rows) {
            for (int j = 0; j < 2; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.length;
            }
        }
        for (int j = 0; j < 2; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }

        assertThat(c.clusters().stream().mapToInt(Cluster::size).sum()).isEqualTo(rows.length);
        for (int i = 0; i < rows.length; i++) {
            double own = distance(rows[i], c.clusters().get(c.assignment()[i]), mean, sd);
            for (Cluster other : c.clusters()) {
                if (other.size() > 0) {
                    assertThat(own).isLessThanOrEqualTo(distance(rows[i], other, mean, sd) + 1e-9);
                }
            }
            assertThat(c.of(i).description()).isEqualTo(c.clusters().get(c.assignment()[i]).description());
        }
    }

    /** Squared distance in z-scores (population standard deviation, as k-means standardises) to the centroid's z-scores. */
    private static double distance(double[] row, Cluster c, double[] mean, double[] sd) {
        double s = 0;
        for (int j = 0; j < row.length; j++) {
            double d = (row[j] - mean[j]) / sd[j] - c.centroid().get(j).effect();
            s += d * d;
        }
        return s;
    }
}
