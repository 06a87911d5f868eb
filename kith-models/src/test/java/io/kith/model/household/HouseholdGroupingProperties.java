package io.kith.model.household;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class HouseholdGroupingProperties {
    @Property(tries = 100)
    void theOrderOfTheProfilesChangesNothingAndNoProfileIsInTwoHouseholds(@ForAll @LongRange(min = 1, max = 10_000) long seed,
            @ForAll @IntRange(min = 2, max = 60) int n) {
        Random r = new Random(seed);
        List<HouseholdProfile> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HouseholdProfile p = HouseholdProfile.at("p" + i, "S" + r.nextInt(4), (1 + r.nextInt(5)) + " Elm Road");
            if (r.nextInt(3) == 0) {
                p = p.withDevice("device-" + r.nextInt(8));
            }
            if (r.nextInt(4) == 0) {
                p = p.withPaymentToken("tok-" + r.nextInt(8));
            }
            ps.add(p);
        }
        Households a = HouseholdGrouping.defaults().group(ps);
        List<HouseholdProfile> shuffled = new ArrayList<>(ps);
        Collections.shuffle(shuffled, r);
        Households b = HouseholdGrouping.defaults().group(shuffled);

        assertThat(b).isEqualTo(a);
        Set<String> seen = new HashSet<>();
        for (Household h : a.households()) {
            assertThat(h.profileIds()).hasSizeBetween(2, n).allSatisfy(id -> assertThat(seen.add(id)).isTrue());
            assertThat(h.confidence()).isBetween(0.0, 1.0);
            assertThat(h.evidence()).isNotEmpty();
        }
    }

    @Property(tries = 100)
    void aHouseholdKeepsItsIdWhenSomeoneJoinsIt(@ForAll @LongRange(min = 1, max = 10_000) long seed, @ForAll @IntRange(min = 2, max = 40) int n) {
        Random r = new Random(seed);
        List<HouseholdProfile> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(HouseholdProfile.at("p" + i, "S" + r.nextInt(3), (1 + r.nextInt(4)) + " Elm Road"));
        }
        Households before = HouseholdGrouping.defaults().group(ps);
        for (Household h : before.households()) {
            assertThat(h.householdId()).hasSize(15).containsOnlyDigits();
            if (h.profileIds().size() >= 9) {
                continue; // one more would make the shared address too widely shared to count
            }
            HouseholdProfile lowest = ps.stream().filter(p -> p.profileId().equals(h.profileIds().getFirst())).findFirst().orElseThrow();
            List<HouseholdProfile> more = new ArrayList<>(ps);
            more.add(new HouseholdProfile("zz-newcomer", lowest.surname(), lowest.address(), java.util.Optional.empty(), Set.of(), Set.of()));
            Household after = HouseholdGrouping.defaults().group(more).households().stream()
                    .filter(x -> x.profileIds().contains("zz-newcomer")).findFirst().orElseThrow();
            assertThat(after.profileIds()).containsAll(h.profileIds());
            assertThat(after.householdId()).isEqualTo(h.householdId());
        }
        assertThat(before.households().stream().map(Household::householdId).distinct().count()).isEqualTo(before.households().size());
    }
}
