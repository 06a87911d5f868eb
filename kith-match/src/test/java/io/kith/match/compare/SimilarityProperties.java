package io.kith.match.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The fast paths agree with the plain algorithms. */
class SimilarityProperties {
    @Property(tries = 2000)
    void boundedLevenshteinAgreesWithTheFullDistance(@ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'd') String a,
                                                     @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'd') String b,
                                                     @ForAll @IntRange(min = 0, max = 4) int max) {
        int full = fullLevenshtein(a, b);
        assertThat(Similarity.levenshtein(a, b, max)).isEqualTo(Math.min(full, max + 1));
        assertThat(Similarity.levenshtein(a, b)).isEqualTo(full);
    }

    @Property(tries = 1000)
    void jaroIsSymmetricAndBounded(@ForAll @StringLength(max = 70) @CharRange(from = 'a', to = 'e') String a,
                                   @ForAll @StringLength(max = 70) @CharRange(from = 'a', to = 'e') String b) {
        double j = Similarity.jaro(a, b);
        assertThat(j).isBetween(0.0, 1.0).isCloseTo(Similarity.jaro(b, a), within(1e-12));
        assertThat(Similarity.jaroWinkler(a, b)).isBetween(j, 1.0);
    }

    private static int fullLevenshtein(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }
}
