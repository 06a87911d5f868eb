package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityEvaluationTest {
    private static Identifier id(String v) {
        return new Identifier("email", v);
    }

    @Test
    void countsPairsSplitsAndWrongMerges() {
        // truth: alice = {a1, a2, a3}, bob = {b1, b2}
        Map<Identifier, String> truth = Map.of(id("a1"), "alice", id("a2"), "alice", id("a3"), "alice", id("b1"), "bob", id("b2"), "bob");
        // resolution: {a1, a2} together, a3 with bob's b1, b2 never linked
        Map<Identifier, String> profiles = Map.of(id("a1"), "p1", id("a2"), "p1", id("a3"), "p2", id("b1"), "p2");
        IdentityEvaluation e = IdentityEvaluation.of(truth, profiles);
        assertThat(e.truePairs()).isEqualTo(3 + 1);
        assertThat(e.predictedPairs()).isEqualTo(1 + 1);
        assertThat(e.correctPairs()).isEqualTo(1);
        assertThat(e.precision()).isCloseTo(0.5, within(1e-9));
        assertThat(e.recall()).isCloseTo(0.25, within(1e-9));
        assertThat(e.personsSplit()).isEqualTo(2);
        assertThat(e.profilesMerged()).isEqualTo(1);
        assertThat(e.profiles()).isEqualTo(3);
    }

    @Test
    void aPerfectResolutionScoresOne() {
        Map<Identifier, String> truth = Map.of(id("a1"), "alice", id("a2"), "alice", id("b1"), "bob");
        IdentityEvaluation e = IdentityEvaluation.of(truth, Map.of(id("a1"), "x", id("a2"), "x", id("b1"), "y"));
        assertThat(e.precision()).isEqualTo(1.0);
        assertThat(e.recall()).isEqualTo(1.0);
        assertThat(e.personsSplit()).isZero();
    }
}
