package io.kith.model.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HouseholdGroupingTest {
    @Test
    void anAddressWrittenTwoWaysWithTheSameSurnameIsOneHousehold() {
        List<HouseholdProfile> ps = List.of(
                HouseholdProfile.at("p1", "Müller", "12, High St., London SW1A 1AA"),
                HouseholdProfile.at("p2", "muller", "12 high street london sw1a 1aa"),
                HouseholdProfile.at("p3", "Smith", "12 High Street, London SW1A 1AA"), // same address, another surname: a flatmate
                HouseholdProfile.at("p4", "Jones", "3 Low Road"));

        Households h = HouseholdGrouping.defaults().group(ps);

        assertThat(h.households()).hasSize(1);
        Household one = h.households().getFirst();
        assertThat(one.profileIds()).containsExactly("p1", "p2");
        assertThat(one.confidence()).isCloseTo(0.85, within(1e-12));
        assertThat(one.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Evidence.Kind.ADDRESS_AND_SURNAME);
            assertThat(e.key()).isEqualTo("12 high street london sw1a 1aa / muller");
        });
        assertThat(one.explanation()).startsWith("2 profiles, confidence 0.85: address and surname");
        assertThat(one.householdId()).hasSize(15).containsOnlyDigits();
        assertThat(one.ties()).containsOnlyKeys("p1", "p2");
    }

    @Test
    void chainsOfEvidenceJoinAndTheWeakestTieIsTheConfidence() {
        List<HouseholdProfile> ps = List.of(
                HouseholdProfile.at("a", "Lee", "1 Elm Road 1").withLandline("+44 20 7946 0000").withDevice("tv-123456"),
                HouseholdProfile.at("b", "Park", "9 Oak Lane 9").withLandline("020 7946 0000").withDevice("tv-123456"),
                HouseholdProfile.at("c", "Kim", "5 Ash Court 5").withDevice("tv-123456"));

        Household one = new HouseholdGrouping(10, "GB").group(ps).households().getFirst();

        assertThat(one.profileIds()).containsExactly("a", "b", "c");
        assertThat(one.evidence().getFirst().key()).isEqualTo("+442079460000");
        // c shares only the device: 0.6; a and b also share the landline: 1 - 0.4 * 0.2 = 0.92.
        assertThat(one.confidence()).isCloseTo(0.6, within(1e-12));
        assertThat(one.evidence()).extracting(Evidence::kind).containsExactly(Evidence.Kind.LANDLINE, Evidence.Kind.DEVICE);
        assertThat(one.evidence().get(1).key()).isEqualTo("…3456");
    }

    @Test
    void aValueSharedByTooManyProfilesIsIgnored() {
        List<HouseholdProfile> ps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ps.add(HouseholdProfile.at("p" + i, "N" + i, "Office " + i + " Street 1").withPaymentToken("corporate-card-token"));
        }
        Households h = HouseholdGrouping.defaults().group(ps);
        assertThat(h.households()).isEmpty();
        assertThat(h.ignored()).singleElement().satisfies(e -> assertThat(e.profileIds()).hasSize(12));
    }
}
