package io.kith.match.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocking keys that survive swapped names and misspelt e-mail domains. */
class CrossColumnKeysTest {
    private static final int[] COLUMNS = {0, 1};

    private static long key(BlockingRule rule, String first, String last) {
        String[] row = {first, last};
        return rule.key(c -> row[c], COLUMNS);
    }

    @Test
    void anAnyOrderKeyIsTheSameForSwappedNamesAndAnOrderedOneIsNot() {
        BlockingRule anyOrder = BlockingRule.anyOrder(new BlockingRule.Part("first_name", Transform.SOUNDEX),
                new BlockingRule.Part("surname", Transform.SOUNDEX));
        BlockingRule ordered = BlockingRule.of(new BlockingRule.Part("first_name", Transform.SOUNDEX),
                new BlockingRule.Part("surname", Transform.SOUNDEX));
        assertThat(key(anyOrder, "Caleb", "Rwoe")).isEqualTo(key(anyOrder, "Rowe", "Caleb"));
        assertThat(key(ordered, "Caleb", "Rwoe")).isNotEqualTo(key(ordered, "Rowe", "Caleb"));
        assertThat(key(anyOrder, "Caleb", "Rowe")).isNotEqualTo(key(anyOrder, "Caleb", "Cole"));
        assertThat(key(anyOrder, "Caleb", null)).isEqualTo(Blocking.NONE);
        assertThat(anyOrder).hasToString("soundex(first_name) & soundex(surname) in any order");
        assertThat(new BlockingRule(List.of(new BlockingRule.Part("a", Transform.EXACT))).anyOrder()).isFalse();
    }

    @Test
    void theLocalPartOfAnEmailIgnoresItsDomainAndTheDomainInitialKeepsOneLetter() {
        assertThat(Transform.LOCAL_PART.apply(" Gabriel.T54@nichols.info")).isEqualTo("gabriel.t54");
        assertThat(Transform.LOCAL_PART.apply("gabriel.t54@nnichls.info")).isEqualTo("gabriel.t54");
        assertThat(Transform.LOCAL_PART.apply("not an address")).isNull();
        assertThat(Transform.LOCAL_PART.apply("@example.com")).isNull();
        assertThat(Transform.LOCAL_PART.apply("NA")).isNull();
        assertThat(Transform.DOMAIN_INITIAL.apply("gabriel.t54@nnichls.info")).isEqualTo("n");
        assertThat(Transform.DOMAIN_INITIAL.apply("gabriel.t54@")).isNull();
        assertThat(Transform.DOMAIN_INITIAL.apply("no address")).isNull();
    }
}
