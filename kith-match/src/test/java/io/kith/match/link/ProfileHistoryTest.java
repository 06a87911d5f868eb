package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.ProbableLinks;
import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory.Seen;
import io.kith.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A person who moved and married: the CRM still knows her by her maiden name at her old address; the loyalty app knows
 * her new name and address, and its history the old ones. Compared on latest traits the two profiles are strangers;
 * compared on the loyalty profile's history they are one person, and the evidence says which old values matched.
 */
class ProfileHistoryTest {
    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");
    private static final Instant Y2023 = Instant.parse("2023-04-02T09:00:00Z");
    private static final Instant Y2025 = Instant.parse("2025-09-10T18:00:00Z");

    static final Profile CRM = ProfileLinkerTest.profile("p_crm", "src_crm", List.of(), Map.of("first_name", "Ada", "last_name", "Lovelace",
            "address", ProfileLinkerTest.json("{\"street\":\"Old Rd 5\",\"postal_code\":\"AB1 2CD\",\"city\":\"Leeds\"}")));
    static final Profile LOYALTY = ProfileLinkerTest.profile("p_loyalty", "src_loyalty", List.of(), Map.of("first_name", "Ada", "last_name", "King",
            "address", ProfileLinkerTest.json("{\"street\":\"New St 9\",\"postal_code\":\"XY9 8ZW\",\"city\":\"York\"}")));
    static final List<Profile> OTHERS = List.of(
            ProfileLinkerTest.profile("p_x1", "src_crm", List.of(), Map.of("first_name", "Tomasz", "last_name", "Nowak", "city", "Leeds")),
            ProfileLinkerTest.profile("p_x2", "src_crm", List.of(), Map.of("first_name", "Ann", "last_name", "King", "city", "York")));

    /** The loyalty profile's history: its events gave the new name and address in 2025, the old ones in 2023. */
    static final List<Seen> LOYALTY_HISTORY = List.of(
            seen(Attribute.FIRST_NAME, "Ada", Y2023, Y2025),
            seen(Attribute.LAST_NAME, "King", Y2025, Y2025),
            seen(Attribute.LAST_NAME, "Lovelace", Y2023, Y2023),
            seen(Attribute.STREET, "New St 9", Y2025, Y2025),
            seen(Attribute.STREET, "Old Rd 5", Y2023, Y2023),
            seen(Attribute.POSTCODE, "XY98ZW", Y2025, Y2025),
            seen(Attribute.POSTCODE, "AB12CD", Y2023, Y2023),
            seen(Attribute.CITY, "York", Y2025, Y2025),
            seen(Attribute.CITY, "Leeds", Y2023, Y2023));

    private static Seen seen(Attribute a, String value, Instant first, Instant last) {
        return new Seen(a, value, a.normalise(value), "src_loyalty", first, last, 1);
    }

    private static List<Profile> everyone() {
        return List.of(CRM, LOYALTY, OTHERS.get(0), OTHERS.get(1));
    }

    private static Optional<Link> between(List<Link> links, String a, String b) {
        return links.stream().filter(l -> l.profileA().equals(a) && l.profileB().equals(b)).findFirst();
    }

    @Test
    void onLatestTraitsAloneTheyAreStrangers() {
        ProfileLinker.Outcome out = ProfileLinker.link(everyone(), ProfileLinker.Settings.DEFAULTS, T);
        assertThat(between(out.links(), "p_crm", "p_loyalty")).isEmpty();
    }

    @Test
    void withHistoryTheyAreLinkedAndTheEvidenceNamesTheOldValuesThatMatched() {
        ProfileLinker.Outcome out = ProfileLinker.link(everyone(), Map.of("p_loyalty", LOYALTY_HISTORY), ProfileLinker.Settings.DEFAULTS, T,
                KeptApart.NONE);
        Link link = between(out.links(), "p_crm", "p_loyalty").orElseThrow();
        assertThat(link.probability()).isGreaterThan(0.99);
        Evidence street = link.evidence().stream().filter(e -> e.comparison().equals("street")).findFirst().orElseThrow();
        assertThat(street.level()).isEqualTo("exact");
        assertThat(street.a()).as("a profile compared without history: its value as compared").isEqualTo(new ProbableLinks.Value("old rd 5", null, null));
        assertThat(street.b()).as("the loyalty profile's old address, with its source and when it was last given")
                .isEqualTo(ProbableLinks.Value.of("Old Rd 5", "src_loyalty", Y2023));
        Evidence last = link.evidence().stream().filter(e -> e.comparison().equals("last_name")).findFirst().orElseThrow();
        assertThat(last.level()).isEqualTo("exact");
        assertThat(last.b().value()).isEqualTo("Lovelace");
        assertThat(between(out.links(), "p_loyalty", "p_x2")).as("the new surname alone is no link").isEmpty();
    }

    @Test
    void scoringTheChangedProfileAloneFindsTheLinkToo() {
        LiveIndex index = ProfileLinker.priorIndex(List.of(CRM, OTHERS.get(0), OTHERS.get(1)), ProfileLinker.Settings.DEFAULTS);
        LiveIndex.Scored without = ProfileLinker.linkOne(index, LOYALTY, p -> Optional.of(CRM), KeptApart.NONE, T);
        assertThat(without.links()).isEmpty();
        LiveIndex.Scored with = ProfileLinker.linkOne(index, LOYALTY, LOYALTY_HISTORY, p -> everyone().stream().filter(x -> x.id().equals(p)).findFirst(),
                KeptApart.NONE, T);
        assertThat(with.links()).extracting(Link::profileA, Link::profileB).containsExactly(org.assertj.core.groups.Tuple.tuple("p_crm", "p_loyalty"));
        Link batch = between(ProfileLinker.link(everyone(), Map.of("p_loyalty", LOYALTY_HISTORY), ProfileLinker.Settings.DEFAULTS, T, KeptApart.NONE)
                .links(), "p_crm", "p_loyalty").orElseThrow();
        assertThat(with.links().getFirst().probability()).isEqualTo(batch.probability());
        assertThat(with.links().getFirst().evidence()).isEqualTo(batch.evidence());
    }

    @Test
    void aRecordHoldsItsCurrentValueFirstAndAtMostEightDistinctValues() {
        List<Seen> many = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(seen(Attribute.CITY, "Town " + i, Y2023.plusSeconds(i), Y2023.plusSeconds(i)));
        }
        many.add(seen(Attribute.CITY, " york ", Y2025, Y2025));
        ProfileRecord r = ProfileRecord.of(LOYALTY, many);
        String[] cities = r.values()[ProfileLinker.COLUMNS.indexOf("city")];
        assertThat(cities).hasSize(ProfileRecord.MAX_VALUES);
        assertThat(cities[0]).as("the current value; ' york ' is the same value").isEqualTo("York");
        assertThat(cities[1]).isEqualTo("Town 0");
        assertThat(ProfileRecord.of(CRM).hasHistory()).isFalse();
    }
}
