package io.kith.match.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known values from Winkler (1990), the Apache Commons Text test suite and the Soundex specification. */
class SimilarityTest {
    @Test
    void jaroAndJaroWinklerMatchPublishedValues() {
        assertThat(Similarity.jaro("martha", "marhta")).isCloseTo(0.9444, within(1e-4));
        assertThat(Similarity.jaroWinkler("martha", "marhta")).isCloseTo(0.9611, within(1e-4));
        assertThat(Similarity.jaroWinkler("dwayne", "duane")).isCloseTo(0.84, within(1e-4));
        assertThat(Similarity.jaroWinkler("dixon", "dicksonx")).isCloseTo(0.8133, within(1e-4));
        // Commons Text JaroWinklerSimilarityTest
        assertThat(Similarity.jaroWinkler("frog", "fog")).isCloseTo(0.9250, within(1e-4));
        assertThat(Similarity.jaroWinkler("hello", "hallo")).isCloseTo(0.88, within(1e-4));
        assertThat(Similarity.jaroWinkler("abc", "xyz")).isZero();
        assertThat(Similarity.jaroWinkler("same", "same")).isEqualTo(1.0);
        assertThat(Similarity.jaroWinkler("", "")).isEqualTo(1.0);
        assertThat(Similarity.jaroWinkler("", "a")).isZero();
    }

    @Test
    void levenshteinCountsEditsAndStopsPastTheBound() {
        assertThat(Similarity.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(Similarity.levenshtein("flaw", "lawn")).isEqualTo(2);
        assertThat(Similarity.levenshtein("", "abc")).isEqualTo(3);
        assertThat(Similarity.levenshtein("abc", "abc")).isZero();
        assertThat(Similarity.levenshtein("kitten", "sitting", 2)).isEqualTo(3); // bound 2: "more than 2"
        assertThat(Similarity.levenshtein("a", "abcdef", 1)).isEqualTo(2);
        assertThat(Similarity.levenshtein("19081209", "19081290", 1)).isEqualTo(2);
    }

    @Test
    void soundexFollowsTheAmericanRules() {
        for (List<String> c : List.of(List.of("robert", "R163"), List.of("rupert", "R163"), List.of("ashcraft", "A261"),
                List.of("tymczak", "T522"), List.of("pfister", "P236"), List.of("lee", "L000"), List.of("o'brien", "O165"))) {
            assertThat(Similarity.soundex(c.get(0))).as(c.get(0)).isEqualTo(c.get(1));
        }
        assertThat(Similarity.soundex("123")).isEmpty();
    }

    @Test
    void comparisonsTakeTheFirstLevelThatHoldsAndNullWhenMissing() {
        Comparison dob = new Comparison("dob", "dob", Prepare.DATE, List.of(new Level.Exact(), new Level.Levenshtein(1), new Level.DayMonthSwapped(),
                new Level.DaysWithin(31)), false);
        assertThat(dob.level(Prepare.DATE.apply("1971-06-24"), Prepare.DATE.apply("19710624"))).isZero();
        assertThat(dob.level("19710624", "19710625")).isEqualTo(1);
        assertThat(dob.level("19710312", "19711203")).isEqualTo(2);
        assertThat(dob.level("19710101", "19710120")).isEqualTo(3);
        assertThat(dob.level("19710101", "19900101")).isEqualTo(4); // else
        assertThat(dob.level(null, "19900101")).isEqualTo(Comparison.NULL);
        assertThat(Prepare.TEXT.apply(" NA ")).isNull();
        assertThat(Prepare.TEXT.apply("  Mary  Ann ")).isEqualTo("mary ann");
        assertThat(Prepare.DATE.apply("24/06/1971")).isEqualTo("19710624");
    }
}
