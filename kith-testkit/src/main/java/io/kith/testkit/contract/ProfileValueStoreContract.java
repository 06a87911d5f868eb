package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.identity.IdentityStore.StoredProfile;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.profile.ValueHistograms.Bin;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.store.Store;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every store's {@link ProfileValueStore} must do. */
public abstract class ProfileValueStoreContract {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void valuesAreSetReplacedRemovedAndCounted() {
        try (Store store = newStore()) {
            ProfileValueStore s = store.values();
            s.put(List.of(new Computed("p_1", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_1", Namespace.RFM, "r", N.numberNode(5), 1, T),
                    new Computed("p_1", Namespace.COMPUTED, "favourite_category", N.textNode("shoes"), 2, T)));
            s.put(List.of(new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("at_risk"), 1, T.plusSeconds(60))));
            assertThat(s.of("p_2")).containsExactly(new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("at_risk"), 1, T.plusSeconds(60)));
            assertThat(s.of("p_1")).extracting(Computed::name).containsExactly("favourite_category", "lifecycle", "r");
            assertThat(s.distribution(Namespace.LABEL, "lifecycle")).isEqualTo(Map.of("\"loyal\"", 1L, "\"at_risk\"", 1L));

            s.remove(Namespace.LABEL, "lifecycle", List.of("p_1"));
            assertThat(s.of("p_1")).extracting(Computed::name).containsExactly("favourite_category", "r");
            // several at once, one of them without the value, one unknown; other names and namespaces stay
            s.put(List.of(new Computed("p_1", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_5", Namespace.LABEL, "lifecycle", N.textNode("new"), 1, T),
                    new Computed("p_5", Namespace.MODEL, "lifecycle", N.numberNode(1), 1, T)));
            s.remove(Namespace.LABEL, "lifecycle", List.of("p_1", "p_5", "p_404", "p_1' OR '1'='1"));
            assertThat(s.of("p_1")).extracting(Computed::name).containsExactly("favourite_category", "r");
            assertThat(s.of("p_5")).extracting(Computed::namespace).containsExactly(Namespace.MODEL);
            assertThat(s.distribution(Namespace.LABEL, "lifecycle")).isEqualTo(Map.of("\"at_risk\"", 1L));
            s.remove(Namespace.LABEL, "lifecycle", List.of());
            s.replaceAll(Namespace.LABEL, "lifecycle", List.of(new Computed("p_3", Namespace.LABEL, "lifecycle", N.textNode("new"), 2, T)));
            assertThat(s.distribution(Namespace.LABEL, "lifecycle")).isEqualTo(Map.of("\"new\"", 1L));
            assertThat(s.of("p_2")).isEmpty();
        }
    }

    @Test
    void replacingProfilesValuesKeepsPresentKeysUpdatesThemAndLeavesEverythingElse() {
        try (Store store = newStore()) {
            ProfileValueStore s = store.values();
            Instant later = T.plusSeconds(3600);
            s.put(List.of(new Computed("p_1", Namespace.LABEL, "tier", N.textNode("gold"), 1, T),
                    new Computed("p_1", Namespace.LABEL, "old", N.textNode("x"), 1, T),
                    new Computed("p_1", Namespace.RFM, "r", N.numberNode(5), 1, T),
                    new Computed("p_2", Namespace.LABEL, "tier", N.textNode("silver"), 1, T),
                    new Computed("p_3", Namespace.LABEL, "tier", N.textNode("bronze"), 1, T)));
            // p_1 and p_2's labels: tier updated, old gone, new added; p_2 has none left; rfm and p_3 untouched
            s.replace(List.of("p_1", "p_2"), Set.of(Namespace.LABEL), List.of(new Computed("p_1", Namespace.LABEL, "tier", N.textNode("platinum"), 2, later),
                    new Computed("p_1", Namespace.LABEL, "new", N.textNode("y"), 1, later)));
            assertThat(s.of("p_1")).containsExactly(new Computed("p_1", Namespace.LABEL, "new", N.textNode("y"), 1, later),
                    new Computed("p_1", Namespace.LABEL, "tier", N.textNode("platinum"), 2, later),
                    new Computed("p_1", Namespace.RFM, "r", N.numberNode(5), 1, T));
            assertThat(s.of("p_2")).isEmpty();
            assertThat(s.of("p_3")).containsExactly(new Computed("p_3", Namespace.LABEL, "tier", N.textNode("bronze"), 1, T));

            // every profile's value of one name: present ones updated, absent ones removed, new ones added, others kept
            s.replaceAll(Namespace.LABEL, "tier", List.of(new Computed("p_3", Namespace.LABEL, "tier", N.textNode("gold"), 3, later),
                    new Computed("p_4", Namespace.LABEL, "tier", N.textNode("new"), 3, later)));
            assertThat(s.distribution(Namespace.LABEL, "tier")).isEqualTo(Map.of("\"gold\"", 1L, "\"new\"", 1L));
            assertThat(s.of("p_1")).extracting(Computed::name).containsExactly("new", "r");
            assertThat(s.of("p_3")).containsExactly(new Computed("p_3", Namespace.LABEL, "tier", N.textNode("gold"), 3, later));
            s.replaceAll(Namespace.LABEL, "tier", List.of());
            assertThat(s.distribution(Namespace.LABEL, "tier")).isEmpty();
            s.replace(List.of("p_1"), Set.of(Namespace.LABEL, Namespace.RFM), List.of());
            assertThat(s.of("p_1")).isEmpty();
        }
    }

    /**
     * A name computed again for everyone, most values as they were (an hourly RFM pass): every profile reads back exactly
     * the values given, with the time given, whether its row was kept, changed, removed or added.
     */
    @Test
    void replacingANameAgainGivesExactlyTheNewValuesWithTheirTimes() {
        try (Store store = newStore()) {
            ProfileValueStore s = store.values();
            List<Computed> first = new java.util.ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                first.add(new Computed("p_" + i, Namespace.RFM, "segment", N.textNode(i % 2 == 0 ? "champions" : "loyal"), 1, T));
            }
            s.replaceAll(Namespace.RFM, "segment", first);
            Instant later = T.plusSeconds(3600);
            List<Computed> second = new java.util.ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                second.add(new Computed("p_" + i, Namespace.RFM, "segment", first.get(i - 1).value(), 1, later)); // unchanged
            }
            second.add(new Computed("p_8", Namespace.RFM, "segment", N.textNode("at_risk"), 1, later)); // changed
            second.add(new Computed("p_10", Namespace.RFM, "segment", N.textNode("champions"), 2, later)); // new version
            second.add(new Computed("p_11", Namespace.RFM, "segment", N.textNode("new"), 1, later)); // new; p_9 gone
            s.replaceAll(Namespace.RFM, "segment", second);
            for (int i = 1; i <= 11; i++) {
                String id = "p_" + i;
                assertThat(s.of(id)).as(id).containsExactlyElementsOf(second.stream().filter(c -> c.profileId().equals(id)).toList());
            }
            assertThat(s.distribution(Namespace.RFM, "segment")).isEqualTo(Map.of("\"loyal\"", 4L, "\"champions\"", 4L,
                    "\"at_risk\"", 1L, "\"new\"", 1L));

            // the same values, each computed at its own time
            List<Computed> third = new java.util.ArrayList<>();
            for (int i = 0; i < second.size(); i++) {
                Computed c = second.get(i);
                third.add(new Computed(c.profileId(), c.namespace(), c.name(), c.value(), c.version(), later.plusSeconds(i % 3)));
            }
            s.replaceAll(Namespace.RFM, "segment", third);
            for (Computed c : third) {
                assertThat(s.of(c.profileId())).as(c.profileId()).containsExactly(c);
            }

            // the same values again, two of them computed at other times: rows kept, each with its own time
            List<Computed> fourth = new java.util.ArrayList<>();
            for (Computed c : third) {
                Instant at = c.profileId().equals("p_1") || c.profileId().equals("p_2") ? later.plusSeconds(60) : c.computedAt();
                fourth.add(new Computed(c.profileId(), c.namespace(), c.name(), c.value(), c.version(), at));
            }
            s.replaceAll(Namespace.RFM, "segment", fourth);
            for (Computed c : fourth) {
                assertThat(s.of(c.profileId())).as(c.profileId()).containsExactly(c);
            }

            // a profile given twice: the last value given is the one kept, whichever way the rows are replaced
            List<Computed> twice = new java.util.ArrayList<>(fourth);
            twice.add(0, new Computed("p_3", Namespace.RFM, "segment", N.textNode("at_risk"), 1, later));
            twice.add(new Computed("p_4", Namespace.RFM, "segment", N.textNode("lost"), 1, later));
            s.replaceAll(Namespace.RFM, "segment", twice);
            assertThat(s.of("p_3")).extracting(c -> c.value().textValue()).containsExactly(fourth.get(2).value().textValue());
            assertThat(s.of("p_4")).extracting(c -> c.value().textValue()).containsExactly("lost");

            // a decimal amount computed again unchanged keeps its value and takes the new time
            s.replaceAll(Namespace.RFM, "monetary", List.of(new Computed("p_1", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("19.90")), 1, T),
                    new Computed("p_2", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("5")), 1, T)));
            s.replaceAll(Namespace.RFM, "monetary", List.of(new Computed("p_1", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("19.90")), 1, later),
                    new Computed("p_2", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("5")), 1, later)));
            Computed read = s.of("p_1").stream().filter(c -> c.name().equals("monetary")).findFirst().orElseThrow();
            assertThat(read.value().decimalValue()).isEqualByComparingTo("19.90");
            assertThat(read.computedAt()).isEqualTo(later);
            // two amounts that one double cannot tell apart are two values: the new one is stored
            s.replaceAll(Namespace.RFM, "monetary", List.of(new Computed("p_1", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("19.90")), 1, later),
                    new Computed("p_2", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("12345678901234567.1")), 1, later)));
            s.replaceAll(Namespace.RFM, "monetary", List.of(new Computed("p_1", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("19.90")), 1, later),
                    new Computed("p_2", Namespace.RFM, "monetary", N.numberNode(new BigDecimal("12345678901234567.2")), 1, later)));
            assertThat(s.distribution(Namespace.RFM, "monetary")).containsOnlyKeys("19.90", "12345678901234567.2");
        }
    }

    /** A stored profile that events of these brands touched. */
    private static StoredProfile profile(String id, Set<String> brands) {
        return new StoredProfile(new Profile(id, List.of(new ProfileIdentifier("user_id", id, T, 1)), Map.of(), Set.of("src_" + id), brands, T, T, 1,
                Map.of("track", 1L), List.of()), List.of());
    }

    @Test
    void aBrandsDistributionsCountOnlyTheProfilesThatBelongToIt() {
        try (Store store = newStore()) {
            // p_1 northwind, p_2 northwind-mobile, p_3 both; p_4 holds values but is not stored (merged away, say): no brand's
            store.identity().apply(List.of(profile("p_1", Set.of("northwind")), profile("p_2", Set.of("northwind-mobile")),
                    profile("p_3", Set.of("northwind", "northwind-mobile"))), Map.of(), 1);
            ProfileValueStore s = store.values();
            s.put(List.of(new Computed("p_1", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_3", Namespace.LABEL, "lifecycle", N.textNode("at_risk"), 1, T),
                    new Computed("p_4", Namespace.LABEL, "lifecycle", N.textNode("new"), 1, T),
                    new Computed("p_1", Namespace.MODEL, "clv_12m", N.numberNode(new BigDecimal("5.5")), 1, T),
                    new Computed("p_2", Namespace.MODEL, "clv_12m", N.numberNode(new BigDecimal("70")), 1, T),
                    new Computed("p_3", Namespace.MODEL, "clv_12m", N.numberNode(new BigDecimal("20")), 1, T),
                    new Computed("p_4", Namespace.MODEL, "clv_12m", N.numberNode(new BigDecimal("1")), 1, T)));

            assertThat(s.distribution(Namespace.LABEL, "lifecycle")).containsExactly(Map.entry("\"loyal\"", 2L), Map.entry("\"at_risk\"", 1L),
                    Map.entry("\"new\"", 1L));
            assertThat(s.distribution(Namespace.LABEL, "lifecycle", Optional.of("northwind")))
                    .containsExactly(Map.entry("\"at_risk\"", 1L), Map.entry("\"loyal\"", 1L));
            assertThat(s.distribution(Namespace.LABEL, "lifecycle", Optional.of("northwind-mobile")))
                    .containsExactly(Map.entry("\"at_risk\"", 1L), Map.entry("\"loyal\"", 1L));
            assertThat(s.distribution(Namespace.LABEL, "lifecycle", Optional.of("elsewhere"))).isEmpty();
            // a brand's name is a value, never SQL
            assertThat(s.distribution(Namespace.LABEL, "lifecycle", Optional.of("x') OR TRUE --"))).isEmpty();

            // every label at once, as each one alone
            s.put(List.of(new Computed("p_2", Namespace.LABEL, "vip", N.booleanNode(true), 1, T),
                    new Computed("p_1", Namespace.LABEL, "a_first", N.numberNode(3), 1, T)));
            for (Optional<String> brand : List.of(Optional.<String>empty(), Optional.of("northwind"), Optional.of("northwind-mobile"), Optional.of("elsewhere"))) {
                Map<String, Map<String, Long>> each = new java.util.LinkedHashMap<>();
                for (String label : s.names(Namespace.LABEL)) {
                    Map<String, Long> d = s.distribution(Namespace.LABEL, label, brand);
                    if (!d.isEmpty()) {
                        each.put(label, d);
                    }
                }
                assertThat(s.distributions(Namespace.LABEL, brand)).as("brand %s", brand).isEqualTo(each);
                assertThat(s.distributions(Namespace.LABEL, brand).keySet()).as("brand %s", brand).containsExactlyElementsOf(each.keySet());
            }
            assertThat(s.distributions(Namespace.LABEL, Optional.empty()).get("lifecycle")).containsExactly(Map.entry("\"loyal\"", 2L),
                    Map.entry("\"at_risk\"", 1L), Map.entry("\"new\"", 1L));
            assertThat(s.distributions(Namespace.LABEL, Optional.of("northwind")).keySet()).containsExactly("a_first", "lifecycle");
            assertThat(s.distributions(Namespace.LABEL, Optional.of("northwind-mobile")).keySet()).containsExactly("lifecycle", "vip");

            List<BigDecimal> edges = List.of(BigDecimal.TEN, new BigDecimal("50"));
            assertThat(store.histograms().histogram(Namespace.MODEL, "clv_12m", edges, Optional.of("northwind")))
                    .extracting(Bin::profiles).containsExactly(1L, 1L, 0L);
            assertThat(store.histograms().histogram(Namespace.MODEL, "clv_12m", edges, Optional.of("northwind")))
                    .extracting(Bin::sum).usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(new BigDecimal("5.5"), new BigDecimal("20"), BigDecimal.ZERO);
            assertThat(store.histograms().histogram(Namespace.MODEL, "clv_12m", edges, Optional.of("northwind-mobile")))
                    .extracting(Bin::profiles).containsExactly(0L, 1L, 1L);
            assertThat(store.histograms().histogram(Namespace.MODEL, "clv_12m", edges, Optional.of("elsewhere")))
                    .extracting(Bin::profiles).containsOnly(0L);
            assertThat(store.histograms().histogram(Namespace.MODEL, "clv_12m", edges)).extracting(Bin::profiles).containsExactly(2L, 1L, 1L);
        }
    }
}
