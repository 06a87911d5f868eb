package io.kith.identity;

import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evidence against a merge at resolution: {@link RefusalRule#CONTESTED} in {@link IdentityGraph}. */
class ContestedLinkTest {
    private static final String ADAEZE = "\"first_name\":\"Adaeze\",\"birthday\":\"1994-07-23\"";
    private static final String CHIDI = "\"first_name\":\"Chidi\",\"birthday\":\"1961-01-09\"";

    private final List<IdentityAlert> alerts = new ArrayList<>();
    private IdentityGraph graph = new IdentityGraph(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, alerts::add);
    private long seq;

    private String apply(String json) {
        return graph.apply(seq++, event(json)).orElse(null);
    }

    private static String signUp(String cookie, String email, String traits) {
        return "{\"type\":\"identify\",\"anonymousId\":\"" + cookie + "\",\"traits\":{\"email\":\"" + email + "\"" + (traits.isEmpty() ? "" : "," + traits) + "}}";
    }

    private List<String> ids(String profileId) {
        return graph.profile(profileId).orElseThrow().identifiers().stream().map(i -> i.type() + ":" + i.value()).toList();
    }

    private List<Decision.Refused> contested(String profileId) {
        return graph.explain(profileId).stream().filter(d -> d instanceof Decision.Refused r && r.rule() == RefusalRule.CONTESTED)
                .map(Decision.Refused.class::cast).toList();
    }

    @Test
    void aCoupleSharingAFamilyEmailStaysTwoProfilesAndTheEmailIsContestedOnTheSecond() {
        String adaeze = apply(signUp("c1", "family@example.com", ADAEZE));
        String chidi = apply(signUp("c2", "family@example.com", CHIDI));
        assertThat(chidi).isNotEqualTo(adaeze);
        assertThat(ids(adaeze)).containsExactlyInAnyOrder("anonymous_id:c1", "email:family@example.com");
        assertThat(ids(chidi)).containsExactly("anonymous_id:c2");
        assertThat(contested(chidi)).singleElement().satisfies(r -> {
            assertThat(r.identifier()).isEqualTo(new Identifier("email", "family@example.com"));
            assertThat(r.reason()).startsWith("contested with " + adaeze);
        });
        assertThat(contested(adaeze)).isEmpty();
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo(IdentityAlert.Kind.CONTESTED_LINK);
            assertThat(a.identifierType()).isEqualTo("email");
        });
        // his later visits stay his, through his cookie, and the e-mail is refused again
        assertThat(apply(signUp("c2", "family@example.com", CHIDI))).isEqualTo(chidi);
        assertThat(apply("{\"type\":\"page\",\"anonymousId\":\"c1\",\"context\":{\"traits\":{\"email\":\"family@example.com\"}}}")).isEqualTo(adaeze);
        assertThat(graph.profileCount()).isEqualTo(2);
    }

    @Test
    void theSamePersonWithASpellingOfTheNameAndTheSameBirthdayMerges() {
        String jon = apply(signUp("c1", "jon@example.com", "\"first_name\":\"Jon\",\"birthday\":\"1961-01-09\""));
        String john = apply(signUp("c2", "jon@example.com", "\"first_name\":\"John\",\"birthday\":\"1961-01-09\""));
        assertThat(john).isEqualTo(jon);
        assertThat(contested(jon)).isEmpty();
    }

    @Test
    void profilesWithoutANameOrBirthDateMergeAsBefore() {
        String first = apply(signUp("c1", "family@example.com", ""));
        assertThat(apply(signUp("c2", "family@example.com", CHIDI))).isEqualTo(first);
        assertThat(apply(signUp("c3", "family@example.com", "\"first_name\":\"Adaeze\""))).as("a name without a birth date").isEqualTo(first);
        assertThat(graph.profileCount()).isEqualTo(1);
        assertThat(contested(first)).isEmpty();
    }

    @Test
    void aLoginIsNotShareableAndMergesWhateverTheTraitsSay() {
        String a = apply("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{" + ADAEZE + "}}");
        String b = apply("{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"c2\",\"traits\":{\"email\":\"family@example.com\"," + CHIDI + "}}");
        assertThat(b).isEqualTo(a);
        assertThat(contested(a)).isEmpty();
    }

    @Test
    void anEventJoiningTwoProfilesWhoseClaimsDisagreeKeepsItsLoginAndRefusesTheSharedValue() {
        String adaeze = apply(signUp("c1", "family@example.com", ADAEZE));
        String chidi = apply("{\"type\":\"identify\",\"userId\":\"chidi\",\"traits\":{" + CHIDI + "}}");
        // no traits of its own: the two profiles' claims are the evidence
        assertThat(apply("{\"type\":\"identify\",\"userId\":\"chidi\",\"traits\":{\"email\":\"family@example.com\"}}")).isEqualTo(chidi);
        assertThat(graph.profileCount()).isEqualTo(2);
        assertThat(contested(chidi)).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("contested with " + adaeze));
    }

    @Test
    void aTypeNotConfiguredShareableLinksAsBefore() {
        graph = new IdentityGraph(IdentityRules.withOverrides(new java.io.ByteArrayInputStream(
                "{\"types\":{\"email\":{\"shareable\":false}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "identity.json"),
                IdentityOverrides.NONE, TestEvents::info, alerts::add);
        String adaeze = apply(signUp("c1", "family@example.com", ADAEZE));
        assertThat(apply(signUp("c2", "family@example.com", CHIDI))).isEqualTo(adaeze);
    }

    @Test
    void shareableDefaultsToEmailPhoneAndLoyaltyCardAndAbsentIsFalse() throws Exception {
        IdentityRules rules = IdentityRules.defaults();
        assertThat(rules.types().values().stream().filter(IdentifierType::shareable).map(IdentifierType::name))
                .containsExactlyInAnyOrder("email", "phone", "loyalty_card");
        assertThat(rules.type("some_custom_id").shareable()).isFalse();
        com.fasterxml.jackson.databind.node.ObjectNode saved = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(rules.json());
        saved.get("types").forEach(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t).remove("shareable"));
        IdentityRules before = IdentityRules.fromJson(saved.toString(), "rules saved before the flag");
        assertThat(before.types().values().stream().noneMatch(IdentifierType::shareable)).as("absent is false").isTrue();
        assertThat(IdentitySnapshot.digest(before)).as("the snapshot basis tells the two apart").isNotEqualTo(IdentitySnapshot.digest(rules));
    }
}
