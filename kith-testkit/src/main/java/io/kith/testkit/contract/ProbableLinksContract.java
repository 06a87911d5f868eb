package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.identity.ProbableLinks;
import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.identity.ProbableLinks.Run;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ProbableLinks} must do; a store's test extends this. */
public abstract class ProbableLinksContract {
    private static final Instant T1 = Instant.parse("2026-12-06T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-06T09:00:00Z");

    /** The probable links of a new, empty store. */
    protected abstract ProbableLinks newStore();

    /** The same store, opened again. */
    protected abstract ProbableLinks reopen();

    private static Link link(String a, String b, double p, Instant at) {
        double w = Math.log(p / (1 - p)) / Math.log(2);
        // a street matched on one profile's history: the two values that matched, with source and when, one known only as given
        return new Link(a, b, p, w, -13.3, List.of(new Evidence("first_name", "jw>=0.92", 4.3), new Evidence("birthday", "exact", 11.5),
                new Evidence("email", "null", 0.0), new Evidence("street", "exact", 8.2, ProbableLinks.Value.of("Old Rd 5 \"O'Hara\"", "src_crm",
                        Instant.parse("2023-04-02T09:00:00.123456Z")), new ProbableLinks.Value("old rd 5 \"o'hara\"", null, null))), "prior-v1", at);
    }

    private static Run run(long n, Instant at, int links) {
        return new Run(n, at, "prior-v1", 0.5, 1.0, 10, 20, links, 0, 1, 0, 12);
    }

    @Test
    void aRunReplacesEveryLinkAndIsRecorded() {
        ProbableLinks s = newStore();
        assertThat(s.all()).isEmpty();
        assertThat(s.lastRun()).isEmpty();
        Link ab = link("p_1", "p_2", 0.97, T1);
        Link bc = link("p_2", "p_3", 0.6, T1);
        s.replace(run(1, T1, 2), List.of(bc, ab));
        assertThat(s.all()).containsExactly(ab, bc); // strongest first, as written
        assertThat(s.of("p_2")).containsExactly(ab, bc);
        assertThat(s.of("p_1")).containsExactly(ab);
        assertThat(s.of("p_9")).isEmpty();
        assertThat(s.lastRun()).contains(run(1, T1, 2));
        // many at once: each asked profile's links as one at a time gives them; a link between two asked ones under both
        assertThat(s.of(List.of("p_1", "p_2", "p_9"))).containsOnlyKeys("p_1", "p_2")
                .containsEntry("p_1", List.of(ab)).containsEntry("p_2", List.of(ab, bc));
        assertThat(s.of(java.util.Set.of("p_3"))).containsOnlyKeys("p_3").containsEntry("p_3", List.of(bc));
        assertThat(s.of(List.of())).isEmpty();
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            many.add("p_x" + i); // read in several statements: the links are found in whichever holds their profiles
        }
        many.add("p_1");
        many.add("p_3");
        assertThat(s.of(many)).containsOnlyKeys("p_1", "p_3").containsEntry("p_1", List.of(ab)).containsEntry("p_3", List.of(bc));
        assertThat(s.of(List.of("p_1' OR '1'='1"))).as("a quote is a value, not SQL").isEmpty();

        s.remove(List.of(ab));
        assertThat(s.all()).containsExactly(bc);
        assertThat(s.of("p_1")).isEmpty();
        assertThat(s.lastRun()).contains(run(1, T1, 2)); // the run's record stays
        s.remove(List.of());

        Link cd = link("p_3", "p_4", 0.8, T2);
        ProbableLinks again = reopen();
        again.replace(run(2, T2, 1), List.of(cd));
        assertThat(again.all()).containsExactly(cd);
        assertThat(again.of("p_1")).isEmpty();
        assertThat(again.of("p_4").getFirst().evidence()).isEqualTo(cd.evidence());
        assertThat(again.lastRun()).contains(run(2, T2, 1));
        again.replace(run(3, T2, 0), List.of());
        assertThat(again.all()).isEmpty();
        assertThat(again.lastRun().orElseThrow().run()).isEqualTo(3);
    }

    @Test
    void profilesScoredAgainReplaceOnlyTheirOwnLinks() {
        ProbableLinks s = newStore();
        Link ab = link("p_1", "p_2", 0.97, T1);
        Link bc = link("p_2", "p_3", 0.6, T1);
        Link cd = link("p_3", "p_4", 0.7, T1);
        Link ef = link("p_5", "p_6", 0.8, T1);
        s.replace(run(4, T1, 4), List.of(ab, bc, cd, ef));
        Link be = link("p_2", "p_5", 0.9, T2);
        s.replaceOf(java.util.Set.of("p_2", "p_5"), List.of(be));
        assertThat(s.all()).containsExactly(be, cd);
        assertThat(s.of("p_1")).isEmpty();
        assertThat(s.of("p_6")).isEmpty();
        assertThat(s.lastRun()).contains(run(4, T1, 4));
        s.replaceOf(java.util.Set.of("p_2"), List.of());
        assertThat(s.all()).containsExactly(cd);
        s.replaceOf(java.util.Set.of(), List.of());
        assertThatThrownBy(() -> s.replaceOf(java.util.Set.of("p_9"), List.of(cd))).isInstanceOf(IllegalArgumentException.class);
        assertThat(reopen().all()).containsExactly(cd);
    }

    @Test
    void aLinkJoinsTwoDifferentProfilesInOrder() {
        assertThatThrownBy(() -> link("p_2", "p_1", 0.9, T1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> link("p_1", "p_1", 0.9, T1)).isInstanceOf(IllegalArgumentException.class);
    }
}
