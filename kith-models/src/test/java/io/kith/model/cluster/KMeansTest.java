package io.kith.model.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTest {
    private static final List<FeatureWords> RFM = List.of(new FeatureWords("recency_days", "lapsed", "recent"),
            new FeatureWords("frequency", "frequent", "infrequent"), new FeatureWords("monetary", "high spend", "low spend"));

    /** Three well-separated groups: k = 3 is chosen, every group is one cluster, and the words name the groups. */
    @Test
    void findsThreeGroupsAndDescribesThem() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] rows = new double[3000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = switch (i % 3) {
                case 0 -> new double[] {10 + r.nextDouble() * 5, 20 + r.nextDouble() * 4, 900 + r.nextDouble() * 100}; // champions
                case 1 -> new double[] {300 + r.nextDouble() * 30, 1 + r.nextDouble(), 50 + r.nextDouble() * 20};    // lapsed one-offs
                default -> new double[] {120 + r.nextDouble() * 20, 6 + r.nextDouble() * 2, 300 + r.nextDouble() * 50};
            };
        }

        Clustering c = KMeans.defaults().chooseK(rows, RFM, 6);

        assertThat(c.k()).isEqualTo(3);
        assertThat(c.silhouettes()).hasSize(5);
        for (int g = 0; g < 3; g++) {
            int first = c.assignment()[g];
            for (int i = g; i < rows.length; i += 3) {
                assertThat(c.assignment()[i]).isEqualTo(first);
            }
        }
        Cluster champions = c.clusters().get(c.assignment()[0]);
        assertThat(champions.size()).isEqualTo(1000);
        assertThat(champions.description()).contains("recent", "frequent", "high spend");
        assertThat(c.clusters().get(c.assignment()[1]).description()).contains("lapsed", "infrequent", "low spend");
        assertThat(champions.centroid().get(1).value()).isBetween(20.0, 24.0);
    }

    @Test
    void aGivenKIsKeptAndTheSameSeedGivesTheSameClusters() {
        SplittableRandom r = new SplittableRandom(9);
        double[][] rows = new double[500][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {r.nextDouble(), r.nextDouble(), r.nextDouble()};
        }
        Clustering a = KMeans.defaults().cluster(rows, RFM, 4);
        Clustering b = KMeans.defaults().cluster(rows, RFM, 4);
        assertThat(a.k()).isEqualTo(4);
        assertThat(Arrays.equals(a.assignment(), b.assignment())).isTrue();
        assertThat(a.version()).isEqualTo(b.version());
        assertThat(a.clusters().stream().mapToInt(Cluster::size).sum()).isEqualTo(500);
    }
}
