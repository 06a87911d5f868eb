package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileLinkerTest {
    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Profile profile(String id, String source, List<String> userIds, Map<String, Object> traits) {
        Map<String, Trait> t = new LinkedHashMap<>();
        traits.forEach((k, v) -> t.put(k, new Trait(v instanceof JsonNode j ? j : NODES.textNode(v.toString()), source, T, 0)));
        List<ProfileIdentifier> ids = new ArrayList<>();
        for (String u : userIds) {
            ids.add(new ProfileIdentifier("user_id", u, T, 1));
        }
        return new Profile(id, ids, t, Set.of(source), Set.of(), T, T, 1, Map.of("identify", 1L), List.of());
    }

    private static final List<Profile> PEOPLE = List.of(
            // the same woman in two CRMs: her first name misspelt, the same birthday and surname, different e-mails
            profile("p_1", "crm-north", List.of(), Map.of("first_name", "Catherine", "last_name", "Whitfield", "birthday", "1985-03-14",
                    "email", "cathy.whitfield@example.com")),
            profile("p_2", "crm-south", List.of(), Map.of("firstName", "Katherine", "lastName", "Whitfield", "birthday", "1985-03-14",
                    "email", "k.whitfield@mail.example")),
            // two people of one family sharing an e-mail: different first names and birthdays
            profile("p_3", "crm-north", List.of(), Map.of("first_name", "John", "last_name", "Okafor", "birthday", "1961-01-09",
                    "email", "okafor.family@example.net")),
            profile("p_4", "crm-south", List.of(), Map.of("first_name", "Adaeze", "last_name", "Okafor", "birthday", "1994-07-23",
                    "email", "okafor.family@example.net")),
            // a stranger
            profile("p_5", "crm-north", List.of(), Map.of("first_name", "Tomasz", "last_name", "Nowak", "birthday", "1979-11-30")));

    @Test
    void theSamePersonInTwoCrmsIsAProbableLinkWithEvidenceAndAFamilyEmailIsNot() {
        ProfileLinker.Outcome out = ProfileLinker.link(PEOPLE, ProfileLinker.Settings.DEFAULTS, T);
        assertThat(out.modelVersion()).isEqualTo(ProfileLinker.PRIOR_VERSION);
        assertThat(out.profiles()).isEqualTo(5);
        assertThat(out.links()).hasSize(1);
        Link link = out.links().getFirst();
        assertThat(link.profileA()).isEqualTo("p_1");
        assertThat(link.profileB()).isEqualTo("p_2");
        assertThat(link.probability()).isGreaterThan(0.99);
        assertThat(link.modelVersion()).isEqualTo(ProfileLinker.PRIOR_VERSION);
        assertThat(link.computedAt()).isEqualTo(T);
        assertThat(link.evidence()).extracting(Evidence::comparison).containsExactlyElementsOf(ProfileLinker.COLUMNS);
        Map<String, Evidence> by = new LinkedHashMap<>();
        link.evidence().forEach(e -> by.put(e.comparison(), e));
        assertThat(by.get("first_name").level()).isEqualTo("jw>=0.92");
        assertThat(by.get("last_name").level()).isEqualTo("exact");
        assertThat(by.get("birthday").level()).isEqualTo("exact");
        assertThat(by.get("birthday").weight()).isGreaterThan(10);
        assertThat(by.get("email").level()).isEqualTo("else");
        assertThat(by.get("email").weight()).isNegative();
        assertThat(by.get("phone").level()).isEqualTo("null");
        assertThat(by.get("phone").weight()).isZero();
        // the weight is the prior plus the evidence, and the probability follows from it
        double sum = link.prior() + link.evidence().stream().mapToDouble(Evidence::weight).sum();
        assertThat(link.weight()).isCloseTo(sum, within(0.01));
        assertThat(link.probability()).isCloseTo(1 / (1 + Math.pow(2, -link.weight())), within(1e-9));
        // the family pair was compared (they share the e-mail) and stays far below the threshold
        assertThat(out.candidatePairs()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void twoProfilesHoldingDifferentUserIdsAreRejectedNotLinked() {
        List<Profile> two = List.of(
                profile("p_1", "web", List.of("u-1"), Map.of("first_name", "Catherine", "last_name", "Whitfield", "birthday", "1985-03-14")),
                profile("p_2", "web", List.of("u-2"), Map.of("first_name", "Katherine", "last_name", "Whitfield", "birthday", "1985-03-14")));
        ProfileLinker.Outcome out = ProfileLinker.link(two, ProfileLinker.Settings.DEFAULTS, T);
        assertThat(out.links()).isEmpty();
        assertThat(out.rejected()).isEqualTo(1);
        // one of them without a user id: no contradiction
        List<Profile> oneLogin = List.of(two.get(0),
                profile("p_2", "crm", List.of(), Map.of("first_name", "Katherine", "last_name", "Whitfield", "birthday", "1985-03-14")));
        assertThat(ProfileLinker.link(oneLogin, ProfileLinker.Settings.DEFAULTS, T).links()).hasSize(1);
    }

    @Test
    void theUpperThresholdKeepsTheAutoMergeBandOut() {
        ProfileLinker.Outcome out = ProfileLinker.link(PEOPLE, new ProfileLinker.Settings(0.5, 0.9, 1_000, 1), T);
        assertThat(out.links()).isEmpty();
        assertThat(out.aboveBand()).isEqualTo(1);
        assertThat(out.above()).extracting(l -> l.profileA() + "-" + l.profileB()).containsExactly("p_1-p_2");
        // two logins are never auto-merged: rejected, not above the band
        List<Profile> logins = List.of(withId(PEOPLE.get(0), "user_id", "u-1"), withId(PEOPLE.get(1), "user_id", "u-2"));
        ProfileLinker.Outcome none = ProfileLinker.link(logins, new ProfileLinker.Settings(0.5, 0.9, 1_000, 1), T);
        assertThat(none.above()).isEmpty();
        assertThat(none.rejected()).isEqualTo(1);
    }

    @Test
    void aRecordIsReadFromNestedAddressesFullNamesAndIdentifiers() throws Exception {
        JsonNode address = new ObjectMapper().readTree("{\"street\": \"12 Mill Lane\", \"city\": \"Leeds\", \"postalCode\": \"LS1 4AB\"}");
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("name", "Ana Maria Souza");
        traits.put("address", address);
        traits.put("birthday", "1990-02-03T00:00:00Z");
        Profile p = new Profile("p_9", List.of(new ProfileIdentifier("email", "ana@example.com", T, 1), new ProfileIdentifier("phone", "+447700900123", T, 1)),
                Map.of(), Set.of(), Set.of(), T, T, 0, Map.of(), List.of());
        Profile withTraits = profile("p_9", "crm", List.of(), traits);
        withTraits = new Profile(withTraits.id(), p.identifiers(), withTraits.traits(), Set.of(), Set.of(), T, T, 0, Map.of(), List.of());
        assertThat(ProfileLinker.record(withTraits)).containsExactly("Ana", "Souza", "1990-02-03", "ana@example.com", "+447700900123",
                "12 Mill Lane", "LS14AB", "Leeds");
    }

    @Test
    void aPairAnOperatorKeepsApartIsNotProposedAgain() {
        List<Profile> people = List.of(
                withId(profile("p_1", "crm-north", List.of(), Map.of("first_name", "Catherine", "last_name", "Whitfield", "birthday", "1985-03-14")),
                        "crm_id", "C-1"),
                withId(profile("p_2", "crm-south", List.of(), Map.of("firstName", "Katherine", "lastName", "Whitfield", "birthday", "1985-03-14")),
                        "crm_id", "C-2"),
                withId(profile("p_3", "web", List.of(), Map.of("first_name", "Catherine", "last_name", "Whitfield", "birthday", "1985-03-14")),
                        "anonymous_id", "a-3"));
        ProfileLinker.Outcome all = ProfileLinker.link(people, ProfileLinker.Settings.DEFAULTS, T);
        assertThat(all.links()).extracting(l -> l.profileA() + "-" + l.profileB()).containsExactlyInAnyOrder("p_1-p_2", "p_1-p_3", "p_2-p_3");
        assertThat(all.rejected()).isZero();
        // an operator rejected p_2 = p_3 (a decision names the identifiers that started each profile)
        KeptApart apart = new KeptApart(List.of(new io.kith.identity.IdentityOverrides.Pair(new io.kith.identity.Identifier("anonymous_id", "a-3"),
                new io.kith.identity.Identifier("crm_id", "C-2"))));
        ProfileLinker.Outcome out = ProfileLinker.link(people, ProfileLinker.Settings.DEFAULTS, T, apart);
        assertThat(out.links()).extracting(l -> l.profileA() + "-" + l.profileB()).containsExactlyInAnyOrder("p_1-p_2", "p_1-p_3");
        assertThat(out.rejected()).isEqualTo(1);
        assertThat(apart.test(people.get(1), people.get(2))).isTrue();
        assertThat(apart.test(people.get(2), people.get(1))).isTrue();
        assertThat(apart.test(people.get(0), people.get(1))).isFalse();
    }

    private static Profile withId(Profile p, String type, String value) {
        List<ProfileIdentifier> ids = new ArrayList<>(p.identifiers());
        ids.add(new ProfileIdentifier(type, value, T, 1));
        return new Profile(p.id(), ids, p.traits(), p.sources(), p.brands(), p.firstSeen(), p.lastSeen(), p.eventCount(), p.eventsByType(), p.mergedFrom());
    }
}
