package io.kith.match.propose;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.match.Records;
import io.kith.match.compare.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What is proposed for a table of people nobody configured. */
class ProposerTest {
    @Test
    void givenNameAndSurnameAreComparedSwappableAndBlockedInAnyOrder() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new String[] {Integer.toString(i), "name" + i % 7, "surname" + i % 11, "1980-01-" + (1 + i % 28), "city" + i % 3,
                    "p" + i + "@example.com"});
        }
        Proposal proposal = Proposer.propose(new Records(List.of("id", "first_name", "surname", "dob", "city", "email"), rows), Set.of("id"));

        assertThat(proposal.comparisons()).extracting(Comparison::column, Comparison::swapWith).containsExactly(
                org.assertj.core.groups.Tuple.tuple("first_name", "surname"), org.assertj.core.groups.Tuple.tuple("surname", "first_name"),
                org.assertj.core.groups.Tuple.tuple("dob", null), org.assertj.core.groups.Tuple.tuple("city", null),
                org.assertj.core.groups.Tuple.tuple("email", null));
        assertThat(proposal.blocking()).extracting(Object::toString).contains("email", "local_part(email) & domain_initial(email)",
                "soundex(surname) & soundex(first_name) in any order", "soundex(surname)", "soundex(first_name)", "city & year(dob)");
    }

    @Test
    void aLoneNameColumnHasNothingToSwapWith() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new String[] {Integer.toString(i), "surname" + i % 11, "1980-01-" + (1 + i % 28)});
        }
        Proposal proposal = Proposer.propose(new Records(List.of("id", "surname", "dob"), rows), Set.of("id"));
        assertThat(proposal.comparisons()).extracting(Comparison::swapWith).containsOnlyNulls();
    }

    @Test
    void aTableOfAtMostAMillionPairsIsComparedWhole() {
        assertThat(Proposer.propose(people(1414), Set.of("id")).blocking()).contains(io.kith.match.block.BlockingRule.EVERY_PAIR);
        assertThat(Proposer.propose(people(1415), Set.of("id")).blocking()).doesNotContain(io.kith.match.block.BlockingRule.EVERY_PAIR);
    }

    private static Records people(int n) {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new String[] {Integer.toString(i), "name" + i % 7, "surname" + i % 11});
        }
        return new Records(List.of("id", "first_name", "surname"), rows);
    }
}
