package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.identity.Identifier;
import io.kith.identity.ProbableLinks.SharedIdentifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedIdentifiersTest {
    private static final Identifier FAMILY = new Identifier("email", "okafor.family@example.net");
    private static final Identifier CATHY = new Identifier("email", "cathy@example.com");
    private static final Identifier COOKIE = new Identifier("anonymous_id", "a-1");

    @Test
    void aValueBehindManyFirstNamesOrBirthdaysIsReportedAndOnePersonsSpellingsAreNot() {
        SharedIdentifiers s = new SharedIdentifiers();
        s.observe(List.of(FAMILY, COOKIE), "John", "1961-01-09");
        s.observe(List.of(FAMILY), "Adaeze", "1994-07-23");
        s.observe(List.of(FAMILY), "Chidi", "1997-02-11T00:00:00Z");
        s.observe(List.of(FAMILY), "john", "1961-01-09"); // the same again
        // one woman, her name spelt three ways, one birthday
        s.observe(List.of(CATHY), "Catherine", "1985-03-14");
        s.observe(List.of(CATHY), "Katherine", "1985-03-14");
        s.observe(List.of(CATHY), "Catharine", null);
        s.observe(List.of(CATHY), null, null); // nothing said: not counted
        assertThat(s.report(3, 3, 99, 100)).containsExactly(new SharedIdentifier("email", "okafor.family@example.net", 3, 3, 3, 4));
        // a cookie is not watched: people share browsers, identity already treats it so
        assertThat(s.report(1, 1, 99, 100)).extracting(SharedIdentifier::value).containsExactly("okafor.family@example.net", "cathy@example.com");
        assertThat(s.report(1, 1, 99, 1)).hasSize(1);
    }

    /**
     * The strong evidence Kith stops a value on: people behind it whose first names and birth dates clearly disagree. A
     * couple's e-mail has two; one man's name written Jon and John with one birthday has one, and so has a value seen with
     * names only.
     */
    @Test
    void peopleWhoClearlyDisagreeAreCountedOnePersonsVariantsAreOne() {
        SharedIdentifiers s = new SharedIdentifiers();
        Identifier couple = new Identifier("email", "the.okafors@example.net");
        Identifier jon = new Identifier("email", "jon@example.net");
        Identifier card = new Identifier("loyalty_card", "house-card");
        s.observe(List.of(couple), "Adaeze", "1994-07-23");
        s.observe(List.of(couple), "Chidi", "1991-02-11");
        s.observe(List.of(couple), "Chidi", "1991-02-11");
        s.observe(List.of(jon), "Jon", "1961-01-09");
        s.observe(List.of(jon), "John", "1961-01-09");
        s.observe(List.of(jon), "Johnny", "1961-09-01"); // day and month swapped
        s.observe(List.of(card), "Ana", null);
        s.observe(List.of(card), "Mark", null);
        assertThat(s.report(99, 99, 2, 100)).containsExactly(new SharedIdentifier("email", "the.okafors@example.net", 2, 2, 2, 3));
        assertThat(s.report(99, 99, 1, 100)).filteredOn(v -> v.value().equals("jon@example.net")).singleElement()
                .extracting(SharedIdentifier::people).isEqualTo(1);
        assertThat(s.report(2, 99, 99, 100)).filteredOn(v -> v.value().equals("house-card")).singleElement()
                .extracting(SharedIdentifier::people).isEqualTo(0);

        // a type configured as one that can be shared is watched too
        SharedIdentifiers members = new SharedIdentifiers(java.util.Set.of("member_no"));
        members.observe(List.of(new Identifier("member_no", "M-1"), couple), "Adaeze", "1994-07-23");
        members.observe(List.of(new Identifier("member_no", "M-1"), couple), "Chidi", "1991-02-11");
        assertThat(members.report(99, 99, 2, 100)).extracting(SharedIdentifier::type).containsExactly("member_no");
    }

    @Test
    void namesAndBirthdaysAreReadFromAnEventsTraits() throws Exception {
        var traits = new ObjectMapper().readTree("{\"firstName\": \"Ana\", \"dob\": \"1990-02-03\"}");
        assertThat(SharedIdentifiers.firstName(traits)).isEqualTo("Ana");
        assertThat(SharedIdentifiers.birthday(traits)).isEqualTo("1990-02-03");
        assertThat(SharedIdentifiers.firstName(new ObjectMapper().readTree("{\"name\": \"Ana Souza\"}"))).isEqualTo("Ana");
        assertThat(SharedIdentifiers.firstName(new ObjectMapper().readTree("{}"))).isNull();
    }
}
