package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityOverridesTest {
    private static final Identifier FAMILY = new Identifier("email", "okafor.family@example.net");
    private static final Identifier CARD = new Identifier("loyalty_card", "house-1");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static IdentityOverrides.LearnedUnlink learned(Identifier id) {
        return new IdentityOverrides.LearnedUnlink(id, IdentityOverrides.SHARED_VALUE, "2 people whose first names and birth dates clearly disagree", AT);
    }

    @Test
    void aLearnedRuleUnlinksTheValueUntilAnOperatorAllowsItAndThenNeverAgain() {
        IdentityOverrides o = IdentityOverrides.NONE.withLearned(learned(FAMILY));
        assertThat(o.isUnlinked(FAMILY)).isTrue();
        assertThat(o.learnedFor(FAMILY)).contains(learned(FAMILY));

        IdentityOverrides allowed = o.allowedToLink(FAMILY);
        assertThat(allowed.isUnlinked(FAMILY)).isFalse();
        assertThat(allowed.learned()).isEmpty();
        assertThat(allowed.isAllowed(FAMILY)).isTrue();
        assertThat(allowed.withLearned(learned(FAMILY))).as("Kith does not overrule the operator").isEqualTo(allowed);

        // the operator's own unlink replaces the allowance; the rule is theirs, not learned
        IdentityOverrides blocked = allowed.withUnlinked(FAMILY);
        assertThat(blocked.isUnlinked(FAMILY)).isTrue();
        assertThat(blocked.isAllowed(FAMILY)).isFalse();
        assertThat(blocked.learnedFor(FAMILY)).isEmpty();
        assertThat(o.withUnlinked(FAMILY).learnedFor(FAMILY)).as("an operator confirming a learned rule makes it theirs").isEmpty();
        assertThat(IdentityOverrides.NONE.withUnlinked(CARD).withLearned(learned(CARD)).learned()).as("already unlinked by an operator").isEmpty();
    }

    @Test
    void learnedRulesAndAllowancesReadAndWriteAsJsonAndOlderJsonStillReads() {
        IdentityOverrides o = IdentityOverrides.NONE.withLearned(learned(FAMILY)).withLearned(learned(CARD)).allowedToLink(CARD)
                .withUnlinked(new Identifier("device_id", "kiosk"));
        IdentityOverrides back = OverridesJson.read(OverridesJson.write(o), "test");
        assertThat(back).isEqualTo(o);
        assertThat(back.learned()).containsExactly(learned(FAMILY));
        assertThat(back.allowed()).containsExactly(CARD);
        assertThat(OverridesJson.write(IdentityOverrides.NONE)).doesNotContain("learned").doesNotContain("allowed");
        assertThat(OverridesJson.read("{\"distinct\": [], \"unlinked\": [{\"type\": \"email\", \"value\": \"a@example.com\"}]}", "old"))
                .isEqualTo(new IdentityOverrides(List.of(), Set.of(new Identifier("email", "a@example.com"))));
    }

    /** An erasure blanks values in place: entries that no longer hold are dropped rather than failing to read. */
    @Test
    void entriesThatBreakTheInvariantsAreDropped() {
        Identifier erased = new Identifier("email", "[erased]");
        IdentityOverrides o = new IdentityOverrides(List.of(), Set.of(erased), List.of(), List.of(learned(FAMILY), learned(erased), learned(erased)),
                Set.of(erased, CARD));
        assertThat(o.learned()).containsExactly(learned(erased));
        assertThat(o.allowed()).containsExactly(CARD);
    }
}
