package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ProfileIdSetTest {
    @Property
    void holdsKithsIdsExactly(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 64) long a, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 64) long b) {
        ProfileIdSet set = new ProfileIdSet();
        String ida = "p_" + Long.toString(a, 36);
        String idb = "p_" + Long.toString(b, 36);
        set.add(ida);
        assertThat(set.contains(ida)).isTrue();
        assertThat(set.contains(idb)).isEqualTo(a == b);
    }

    @Test
    void keepsOtherSpellingsApart() {
        ProfileIdSet set = new ProfileIdSet();
        set.add("p_a");
        set.add("legacy-7");
        assertThat(set.contains("p_a")).isTrue();
        assertThat(set.contains("p_A")).isFalse();
        assertThat(set.contains("p_0a")).isFalse();
        assertThat(set.contains("legacy-7")).isTrue();
        assertThat(set.contains("p_")).isFalse();
        set.add("p_0a");
        assertThat(set.contains("p_0a")).isTrue();
        assertThat(set.contains("p_a")).isTrue();
        set.clear();
        assertThat(set.contains("p_a")).isFalse();
        assertThat(set.contains("legacy-7")).isFalse();
    }
}
