package io.kith.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.KithException;
import io.kith.match.cluster.Clustering;
import io.kith.match.evaluate.Evaluation;
import io.kith.match.propose.Proposal;
import io.kith.match.propose.Proposer;
import io.kith.match.score.PairScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** End to end on generated people: proposed settings, unsupervised training, clusters close to the truth. */
class MatcherTest {
    private static final String[] FIRST = {"anna", "john", "mary", "peter", "lucas", "emma", "noah", "olivia", "liam", "sophia", "mia", "leo"};
    private static final String[] SYL = {"ka", "lo", "ven", "mar", "tin", "ber", "gal", "dor", "fen", "ris", "son", "ley", "wick", "ham"};

    @Test
    void deduplicatesGeneratedPeopleWithoutConfiguration() {
        SplittableRandom random = new SplittableRandom(3);
        List<String[]> rows = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (int p = 0; p < 1500; p++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = SYL[random.nextInt(SYL.length)] + SYL[random.nextInt(SYL.length)] + SYL[random.nextInt(SYL.length)];
            String dob = String.format("%04d-%02d-%02d", 1940 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String zip = String.format("%05d", random.nextInt(3000));
            int copies = random.nextInt(4) == 0 ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                String f = c > 0 && random.nextBoolean() ? first.substring(0, first.length() - 1) : first;
                String l = c > 0 && random.nextBoolean() ? last.charAt(1) + last.substring(0, 1) + last.substring(2) : last;
                rows.add(new String[] {"id" + rows.size(), f, l, c > 0 && random.nextInt(4) == 0 ? "" : dob, zip, "p" + p});
                truth.add("p" + p);
            }
        }
        Records records = new Records(List.of("id", "first_name", "surname", "dob", "zip", "person"), rows);
        Proposal proposal = Proposer.propose(records, Set.of("id", "person"));
        assertThat(proposal.comparisons()).extracting(c -> c.column()).containsExactly("first_name", "surname", "dob", "zip");

        MatchResult result = Matcher.deduplicate(records, MatchConfig.NONE.settings(proposal, 2));

        Evaluation e = Evaluation.of(truth.toArray(String[]::new), result.links(), result.settings().thresholdWeight(), result.clustering(),
                result.blocking());
        assertThat(e.links().f1()).isGreaterThan(0.97);
        assertThat(e.clusterPairs().f1()).isGreaterThan(0.97);
        assertThat(result.model().lambda()).isBetween(1e-5, 1e-3);
        assertThat(result.clustering().clusters()).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(4));

        // one new record: a typo'd copy of record 0 finds record 0 first
        IncrementalMatcher incremental = IncrementalMatcher.of(result, 100);
        String[] copy = rows.get(0).clone();
        copy[2] = copy[2] + "e";
        IncrementalMatcher.Result found = incremental.match(copy, 0.5);
        assertThat(found.matches()).isNotEmpty();
        PairScore best = found.matches().getFirst();
        assertThat(truth.get(best.left())).isEqualTo(truth.get(0));
        assertThat(found.candidates()).isLessThan(rows.size() / 10);
    }

    @Test
    void aConfigurationOverridesWhatItNamesAndKeepsTheDefaults() {
        MatchConfig config = MatchConfig.parse("""
                {"comparisons": [{"column": "surname", "levels": ["exact", "jw>=0.9", "lev<=2"], "tf": true},
                                 {"column": "dob", "prepare": "date", "levels": ["exact", "day-month-swapped", "days<=31"]}],
                 "blocking": [["soundex(surname)", "year(dob)"], "dob"],
                 "threshold": 0.8}""", "test.json");
        Records records = new Records(List.of("id", "surname", "dob"), List.of());
        MatchSettings settings = config.settings(Proposer.propose(records, Set.of("id")), 1);

        assertThat(settings.threshold()).isEqualTo(0.8);
        assertThat(settings.maxBlock()).isEqualTo(MatchSettings.MAX_BLOCK);
        assertThat(settings.maxPairsPerRecord()).isEqualTo(MatchSettings.MAX_PAIRS_PER_RECORD);
        assertThat(settings.uSamples()).isEqualTo(MatchSettings.U_SAMPLES);
        assertThat(settings.comparisons().getFirst().levels()).extracting(l -> l.label()).containsExactly("exact", "jw>=0.9", "lev<=2", "else");
        assertThat(settings.blocking()).extracting(Object::toString).containsExactly("soundex(surname) & year(dob)", "dob");
        MatchConfig swapped = MatchConfig.parse("""
                {"comparisons": [{"column": "first_name", "levels": ["exact"], "tf": true, "swapWith": "surname"}],
                 "blocking": [{"anyOrder": ["soundex(first_name)", "soundex(surname)"]}, "local_part(email)"]}""", "test.json");
        MatchSettings swappedSettings = swapped.settings(Proposer.propose(new Records(List.of("id", "first_name", "surname", "email"), List.of()),
                Set.of("id")), 1);
        assertThat(swappedSettings.comparisons().getFirst().swapWith()).isEqualTo("surname");
        assertThat(swappedSettings.blocking()).extracting(Object::toString)
                .containsExactly("soundex(first_name) & soundex(surname) in any order", "local_part(email)");
        assertThatThrownBy(() -> MatchConfig.parse("{\"blocking\": [{\"any\": [\"a\"]}]}", "x.json")).isInstanceOf(KithException.class)
                .hasMessageContaining("{\"anyOrder\": [parts]}");
        assertThatThrownBy(() -> MatchConfig.parse("{\"blocking\": [[]]}", "x.json")).isInstanceOf(KithException.class)
                .hasMessageContaining("at least one key part");
        assertThatThrownBy(() -> MatchConfig.parse("{\"treshold\": 0.8}", "x.json")).isInstanceOf(KithException.class)
                .hasMessageContaining("x.json: unknown key \"treshold\"");
        assertThatThrownBy(() -> MatchConfig.parse("{\"comparisons\": [{\"column\": \"a\", \"levels\": [\"jw>0.9\"]}]}", "x.json"))
                .hasMessageContaining("unknown level \"jw>0.9\"");
    }

    @Test
    void defaultsArePinned() {
        assertThat(MatchSettings.THRESHOLD).isEqualTo(0.5);
        assertThat(MatchSettings.MAX_BLOCK).isEqualTo(1000);
        assertThat(MatchSettings.MAX_PAIRS_PER_RECORD).isEqualTo(20);
        assertThat(MatchSettings.U_SAMPLES).isEqualTo(1_000_000);
        assertThat(MatchSettings.EM_ITERATIONS).isEqualTo(100);
        assertThat(MatchSettings.TF_MINIMUM).isEqualTo(1e-4);
        assertThat(MatchSettings.MIN_CLUSTER_DENSITY).isEqualTo(0.3);
    }

    @Test
    void clusterIdsAreTheSmallestMember() {
        io.kith.match.cluster.Links links = new io.kith.match.cluster.Links();
        links.add(3, 5, 4.0);
        links.add(5, 1, 4.0);
        links.add(0, 2, -1.0);
        Clustering c = Clustering.of(6, links, 0.0);
        assertThat(new int[] {c.clusterOf(0), c.clusterOf(1), c.clusterOf(2), c.clusterOf(3), c.clusterOf(4), c.clusterOf(5)})
                .containsExactly(0, 1, 2, 1, 4, 1);
        assertThat(c.clusters()).singleElement().satisfies(cl -> {
            assertThat(cl.size()).isEqualTo(3);
            assertThat(cl.edges()).isEqualTo(2);
            assertThat(cl.density()).isEqualTo(2 / 3.0);
        });
    }
}
