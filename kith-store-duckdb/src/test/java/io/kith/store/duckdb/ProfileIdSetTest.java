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

    @Property(tries = 300)
    void answersAsAHashSetOfTheIdsWouldOnBothSidesOfTheBits(@ForAll("sequences") java.util.List<Long> added,
                                                            @ForAll("sequences") java.util.List<Long> asked) {
        ProfileIdSet set = new ProfileIdSet();
        java.util.Set<String> reference = new java.util.HashSet<>();
        for (long a : added) {
            set.add("p_" + Long.toString(a, 36));
            reference.add("p_" + Long.toString(a, 36));
        }
        for (long q : added) {
            assertThat(set.contains("p_" + Long.toString(q, 36))).isTrue();
        }
        for (long q : asked) {
            String id = "p_" + Long.toString(q, 36);
            assertThat(set.contains(id)).as(id).isEqualTo(reference.contains(id));
        }
        set.clear();
        for (long q : added) {
            assertThat(set.contains("p_" + Long.toString(q, 36))).isFalse();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<Long>> sequences() {
        // small sequences (bits), ones about the bits' end, and large ones (the hash set)
        net.jqwik.api.Arbitrary<Long> one = net.jqwik.api.Arbitraries.oneOf(net.jqwik.api.Arbitraries.longs().between(0, 5_000),
                net.jqwik.api.Arbitraries.longs().between(ProfileIdSet.BITS - 3, ProfileIdSet.BITS + 3),
                net.jqwik.api.Arbitraries.longs().between(0, Long.MAX_VALUE / 64));
        return one.list().ofMaxSize(60);
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
