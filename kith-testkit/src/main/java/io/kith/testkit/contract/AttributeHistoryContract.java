package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.StoredEvent;
import io.kith.identity.IdentityStore.EventAssignments;
import io.kith.identity.IdentityStore.StoredProfile;
import io.kith.privacy.PersonalData;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory;
import io.kith.profile.AttributeHistory.Seen;
import io.kith.profile.Profile;
import io.kith.source.Source;
import io.kith.store.Store;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@link AttributeHistory} must answer: every value each attribute was given across the events of a
 * person, with its source, first and last event time and count, through merges, splits (a rebuild of the projection)
 * and erasure.
 */
public abstract class AttributeHistoryContract {
    private static final Instant T = Instant.parse("2023-03-01T10:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    /** Ada: the CRM knew her at her old address in 2023; the loyalty app at the new one in 2025. */
    private static List<StoredEvent> adaAndBob() {
        return List.of(
                identify(0, Sources.CRM, "ada-crm", T, Map.of("first_name", "Ada", "last_name", "Lovelace",
                        "address", Map.of("street", "Old Rd 5", "postal_code", "AB1 2CD", "city", "Leeds"), "birthday", "1980-05-12")),
                identify(1, Sources.CRM, "ada-crm", T.plusSeconds(86_400), Map.of("first_name", "Ada", "address", Map.of("street", " old  rd 5 "))),
                identify(2, Sources.APP, "ada-app", T.plusSeconds(2 * 365 * 86_400L), Map.of("name", "Ada King",
                        "address", Map.of("street", "New St 9", "zip", "XY9 8ZW", "city", "York"), "email", "Ada@Example.com")),
                new StoredEvent(3, Events.track("Viewed").messageId("m-3").userId("ada-app").at(T).from(Sources.APP).event()),
                identify(4, Sources.POS, "bob-pos", T, Map.of("first_name", "Bob", "phone", "+44 7700 900123")));
    }

    private static StoredEvent identify(long seq, Source source, String userId, Instant at, Map<String, Object> traits) {
        Events.Builder b = Events.identify().messageId("m-" + seq).userId(userId).at(at).from(source);
        traits.forEach(b::trait);
        return new StoredEvent(seq, b.event());
    }

    private static StoredProfile profile(String id, String... mergedFrom) {
        return new StoredProfile(new Profile(id, List.of(), Map.of(), Set.of(), Set.of(), T, T, 1, Map.of(), List.of(mergedFrom)), List.of());
    }

    private static List<String> values(List<Seen> seen, Attribute attribute) {
        return seen.stream().filter(s -> s.attribute() == attribute).map(Seen::value).toList();
    }

    @Test
    void aMergedProfilesHistoryHoldsBothSidesMostRecentFirstWithSourcesTimesAndCounts() {
        try (Store store = newStore()) {
            store.events().apply(adaAndBob(), List.of(), 5);
            store.identity().apply(List.of(profile("p_crm"), profile("p_app"), profile("p_bob")), Map.of(),
                    new EventAssignments(new long[] {0, 1, 2, 3, 4}, new String[] {"p_crm", "p_crm", "p_app", "p_app", "p_bob"}), 5);
            assertThat(values(store.history().of(List.of("p_crm")).get("p_crm"), Attribute.STREET)).containsExactly("old  rd 5");

            store.identity().apply(List.of(profile("p_app", "p_crm")), Map.of("p_crm", "p_app"), 5);
            Map<String, List<Seen>> got = store.history().of(List.of("p_app", "p_bob", "p_crm", "p_nobody"));
            assertThat(got).containsOnlyKeys("p_app", "p_bob");
            List<Seen> ada = got.get("p_app");
            assertThat(values(ada, Attribute.STREET)).as("the new address first; 'Old Rd 5' and ' old  rd 5 ' are one value, as last given")
                    .containsExactly("New St 9", "old  rd 5");
            Seen old = ada.stream().filter(s -> s.normalised().equals("old rd 5")).findFirst().orElseThrow();
            assertThat(old).isEqualTo(new Seen(Attribute.STREET, "old  rd 5", "old rd 5", Sources.CRM.id(), T, T.plusSeconds(86_400), 2));
            assertThat(values(ada, Attribute.FIRST_NAME)).as("a full name split as the matcher reads it").containsExactlyInAnyOrder("Ada", "Ada");
            assertThat(ada.stream().filter(s -> s.attribute() == Attribute.FIRST_NAME).map(Seen::sourceId)).containsExactly(Sources.APP.id(), Sources.CRM.id());
            assertThat(values(ada, Attribute.LAST_NAME)).containsExactly("King", "Lovelace");
            assertThat(values(ada, Attribute.POSTCODE)).containsExactly("XY98ZW", "AB12CD");
            assertThat(values(ada, Attribute.CITY)).containsExactly("York", "Leeds");
            assertThat(ada.stream().filter(s -> s.attribute() == Attribute.BIRTHDAY).map(Seen::normalised)).containsExactly("19800512");
            assertThat(ada.stream().filter(s -> s.attribute() == Attribute.EMAIL).map(Seen::normalised)).containsExactly("ada@example.com");
            assertThat(got.get("p_bob")).extracting(Seen::attribute, Seen::normalised)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Attribute.FIRST_NAME, "bob"), org.assertj.core.groups.Tuple.tuple(Attribute.PHONE, "447700900123"));

            List<Map<String, List<Seen>>> pages = new ArrayList<>();
            store.history().forEachPage(1, pages::add);
            assertThat(pages).as("one page per live profile with a history, in id order").extracting(Map::keySet)
                    .containsExactly(Set.of("p_app"), Set.of("p_bob"));
            assertThat(pages.get(0).get("p_app")).isEqualTo(ada);

            // the same history from the live profile's event sequences (as the identity graph holds them), in any order
            assertThat(store.history().ofEvents(new long[] {3, 1, 2, 0, 99})).as("read by sequence").isEqualTo(ada);
            assertThat(store.history().ofEvents(new long[] {3})).as("a page view gives nothing").isEmpty();
            assertThat(store.history().ofEvents(new long[0])).isEmpty();
        }
    }

    @Test
    void afterASplitEachSideHasOnlyItsOwnHistory() {
        try (Store store = newStore()) {
            store.events().apply(adaAndBob(), List.of(), 5);
            store.identity().apply(List.of(profile("p_app", "p_crm"), profile("p_bob")), Map.of(),
                    new EventAssignments(new long[] {0, 1, 2, 3, 4}, new String[] {"p_app", "p_app", "p_app", "p_app", "p_bob"}), 5);
            assertThat(values(store.history().of(List.of("p_app")).get("p_app"), Attribute.CITY)).containsExactly("York", "Leeds");
            // an unmerge rebuilds the projection: each event is written again with the profile it now belongs to
            store.identity().clear();
            store.identity().apply(List.of(profile("p_crm"), profile("p_app"), profile("p_bob")), Map.of(),
                    new EventAssignments(new long[] {0, 1, 2, 3, 4}, new String[] {"p_crm", "p_crm", "p_app", "p_app", "p_bob"}), 5);
            Map<String, List<Seen>> got = store.history().of(List.of("p_app", "p_crm"));
            assertThat(values(got.get("p_app"), Attribute.CITY)).containsExactly("York");
            assertThat(values(got.get("p_crm"), Attribute.CITY)).containsExactly("Leeds");
            assertThat(got.get("p_crm")).extracting(Seen::sourceId).containsOnly(Sources.CRM.id());
        }
    }

    @Test
    void valuesWithQuotesSqlAndNulComeBackAsGiven() {
        try (Store store = newStore()) {
            String street = "O'Brien \"Close\"'); DROP TABLE events;-- \u0000 5";
            store.events().apply(List.of(identify(0, Sources.CRM, "o-1", T, Map.of("last_name", "O'Brien", "address", Map.of("street", street)))),
                    List.of(), 1);
            store.identity().apply(List.of(profile("p_'1")), Map.of(), new EventAssignments(new long[] {0}, new String[] {"p_'1"}), 1);
            List<Seen> got = store.history().of(List.of("p_'1")).get("p_'1");
            assertThat(values(got, Attribute.LAST_NAME)).containsExactly("O'Brien");
            // PostgreSQL cannot hold U+0000 and stores U+FFFD in its place (see PostgresEventStore); DuckDB keeps it
            assertThat(values(got, Attribute.STREET)).hasSize(1).first().satisfies(v -> assertThat(v).isIn(street, street.replace('\u0000', '\uFFFD')));
            assertThat(store.events().bySequence(0)).isPresent();
        }
    }

    @Test
    void anErasedPersonsHistoryGoesWithTheirEvents() {
        try (Store store = newStore()) {
            store.events().apply(adaAndBob(), List.of(), 5);
            store.identity().apply(List.of(profile("p_app", "p_crm"), profile("p_bob")), Map.of(),
                    new EventAssignments(new long[] {0, 1, 2, 3, 4}, new String[] {"p_app", "p_crm", "p_app", "p_app", "p_bob"}), 5);
            store.identity().apply(List.of(profile("p_app", "p_crm")), Map.of("p_crm", "p_app"), 5);
            assertThat(store.history().of(List.of("p_app"))).containsKey("p_app");

            store.personalData().purge(new PersonalData.Purge(new long[] {0, 1, 2, 3}, Set.of("p_app", "p_crm"), Set.of("ada-crm", "ada-app")));

            assertThat(store.history().of(List.of("p_app", "p_crm"))).as("the purge of their events is the purge of their history").isEmpty();
            List<Map<String, List<Seen>>> pages = new ArrayList<>();
            store.history().forEachPage(10, pages::add);
            assertThat(pages).extracting(Map::keySet).containsExactly(Set.of("p_bob"));
        }
    }
}
