package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.KithException;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.ProbableLinks.SharedIdentifier;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedValueStopsTest {
    private static final SharedIdentifier COUPLE = new SharedIdentifier("email", "the.okafors@example.net", 2, 2, 2, 2);
    private static final SharedIdentifier JON = new SharedIdentifier("email", "jon@example.net", 1, 1, 1, 3);
    private static final SharedIdentifier LOGIN = new SharedIdentifier("user_id", "u-1", 2, 2, 2, 2);
    private static final SharedIdentifier CARD = new SharedIdentifier("loyalty_card", "house-1", 5, 4, 3, 9);
    private static final io.kith.identity.IdentityRules RULES = io.kith.identity.IdentityRules.defaults();

    @Test
    void defaultsArePinned() {
        assertThat(SharedValueStops.Settings.DEFAULTS).as("the types from the identity rules' shareable flag").isEqualTo(new SharedValueStops.Settings(true, 2, Set.of()));
        assertThat(SharedValueStops.Settings.DEFAULTS.shareable(RULES)).containsExactlyInAnyOrder("email", "phone", "loyalty_card");
        assertThat(SharedValueStops.Settings.of(null, " ", "")).isEqualTo(SharedValueStops.Settings.DEFAULTS);
        assertThat(SharedValueStops.Settings.of("off", "3", "email, crm_id")).isEqualTo(new SharedValueStops.Settings(false, 3, Set.of("email", "crm_id")));
        assertThatThrownBy(() -> SharedValueStops.Settings.of("maybe", null, null)).isInstanceOf(KithException.class).hasMessageContaining("maybe");
        assertThatThrownBy(() -> SharedValueStops.Settings.of(null, "1", null)).isInstanceOf(KithException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> SharedValueStops.Settings.of(null, "two", null)).isInstanceOf(KithException.class);
        assertThatThrownBy(() -> SharedValueStops.Settings.of(null, null, "E-mail")).isInstanceOf(KithException.class);
    }

    @Test
    void onlyValuesOfSharableTypesBehindEnoughPeopleNeitherStoppedNorAllowedAreStopped() {
        List<SharedIdentifier> report = List.of(COUPLE, JON, LOGIN, CARD);
        SharedValueStops.Settings on = SharedValueStops.Settings.DEFAULTS;
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, on, RULES, java.util.Map.of())).containsExactly(COUPLE, CARD);
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, new SharedValueStops.Settings(true, 3, on.types()), RULES, java.util.Map.of())).containsExactly(CARD);
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, new SharedValueStops.Settings(false, 2, on.types()), RULES, java.util.Map.of())).isEmpty();

        Identifier couple = new Identifier(COUPLE.type(), COUPLE.value());
        IdentityOverrides allowed = IdentityOverrides.NONE.withLearned(new IdentityOverrides.LearnedUnlink(couple, IdentityOverrides.SHARED_VALUE, "r",
                Instant.EPOCH)).allowedToLink(couple);
        assertThat(SharedValueStops.toStop(report, allowed, on, RULES, java.util.Map.of())).containsExactly(CARD);
        IdentityOverrides cardBlocked = IdentityOverrides.NONE.withUnlinked(new Identifier(CARD.type(), CARD.value()));
        assertThat(SharedValueStops.toStop(report, cardBlocked, on, RULES, java.util.Map.of())).containsExactly(COUPLE);
    }

    @Test
    void theTypesThatCanBeSharedAreTheIdentityRulesShareableOnesUnlessTheSettingOverridesThem() {
        List<SharedIdentifier> report = List.of(COUPLE, LOGIN, CARD);
        io.kith.identity.IdentityRules emailNotShareable = io.kith.identity.IdentityRules.withOverrides(new java.io.ByteArrayInputStream("{\"types\": {\"email\": {\"shareable\": false}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test");
        SharedValueStops.Settings on = SharedValueStops.Settings.DEFAULTS;
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, on, emailNotShareable, java.util.Map.of())).containsExactly(CARD);
        assertThat(on.shareable(emailNotShareable)).doesNotContain("email").contains("loyalty_card");
        SharedValueStops.Settings override = SharedValueStops.Settings.of(null, null, "email");
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, override, emailNotShareable, java.util.Map.of())).containsExactly(COUPLE);
        assertThat(override.shareable(emailNotShareable)).containsExactly("email");
    }

    @Test
    void aValueResolutionAlreadyRefusedToThoseWhoDisagreeIsNotStopped() {
        List<SharedIdentifier> report = List.of(COUPLE, CARD);
        SharedValueStops.Settings on = SharedValueStops.Settings.DEFAULTS;
        Identifier couple = new Identifier(COUPLE.type(), COUPLE.value());
        // the couple's second person was refused the e-mail at resolution (CONTESTED): the e-mail links one person now
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, on, RULES, java.util.Map.of(couple, 1))).containsExactly(CARD);
        // the card's people: one kept apart of three who disagree leaves two still joined through it
        Identifier card = new Identifier(CARD.type(), CARD.value());
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, on, RULES, java.util.Map.of(card, CARD.people() - 2))).containsExactly(COUPLE, CARD);
        assertThat(SharedValueStops.toStop(report, IdentityOverrides.NONE, on, RULES, java.util.Map.of(card, CARD.people() - 1))).containsExactly(COUPLE);
    }

    @Test
    void oneWalkOverEveryRefusalCountsWhatAWalkPerRuleCounted() {
        Identifier unlinked = new Identifier("email", "unlinked@example.com");
        java.util.List<io.kith.identity.IdentityAlert> alerts = new java.util.ArrayList<>();
        io.kith.identity.IdentityGraph g = new io.kith.identity.IdentityGraph(io.kith.identity.IdentityRules.defaults(),
                IdentityOverrides.NONE.withUnlinked(unlinked), id -> new io.kith.identity.IdentityGraph.SourceInfo("GB", "web"), alerts::add);
        String[][] people = {
            {"c1", "family@example.com", "Adaeze", "1994-07-23"}, {"c2", "family@example.com", "Chidi", "1961-01-09"},
            {"c3", "family@example.com", "Ngozi", "1990-02-02"}, {"c4", "unlinked@example.com", "Ann", "1980-01-01"},
            {"c5", "unlinked@example.com", "Bob", "1970-01-01"}, {"c6", "jon@example.com", "Jon", "1961-01-09"}};
        long seq = 0;
        for (String[] p : people) {
            g.apply(seq++, io.kith.testkit.Events.identify().anonymousId(p[0]).trait("email", p[1]).trait("first_name", p[2]).trait("birthday", p[3])
                    .event());
        }
        java.util.Map<Identifier, java.util.Set<String>> perRule = new java.util.HashMap<>();
        for (io.kith.identity.RefusalRule rule : io.kith.identity.RefusalRule.values()) {
            g.forEachRefusal(rule, (profile, r) -> perRule.computeIfAbsent(r.identifier(), k -> new java.util.HashSet<>()).add(profile));
        }
        java.util.Map<Identifier, Integer> oracle = new java.util.HashMap<>();
        perRule.forEach((id, profiles) -> oracle.put(id, profiles.size()));
        assertThat(oracle).as("refusals of two rules: contested and unlinked by an override").containsEntry(new Identifier("email", "family@example.com"), 2)
                .containsEntry(unlinked, 2);
        assertThat(SharedValueStops.heldApart(g)).isEqualTo(oracle);
    }
}
