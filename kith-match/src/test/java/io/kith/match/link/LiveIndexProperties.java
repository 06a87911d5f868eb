package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.ProbableLinks.Link;
import io.kith.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Incremental scoring agrees with the whole pass: a profile scored against the live index finds exactly the links the
 * full run found for it, with the same probabilities and evidence; and after a profile's traits change, scoring it again
 * finds what a full run over the changed profiles finds for it.
 */
class LiveIndexProperties {
    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");
    private static final String[] FIRST = {"Catherine", "Katherine", "Kathryn", "John", "Jon", "Ann", "Anne", "Tomasz"};
    private static final String[] LAST = {"Whitfield", "Whitfeld", "Okafor", "Nowak", "Smith"};
    private static final String[] BIRTHDAY = {"1985-03-14", "1985-14-03", "1985-03-15", "1990-01-01", "1961-01-09", null};
    private static final String[] CITY = {"Leeds", "York", null};

    record Person(int first, int last, int birthday, int city) {
        Profile profile(String id) {
            Map<String, Object> traits = new HashMap<>();
            traits.put("first_name", FIRST[first]);
            traits.put("last_name", LAST[last]);
            if (BIRTHDAY[birthday] != null) {
                traits.put("birthday", BIRTHDAY[birthday]);
            }
            if (CITY[city] != null) {
                traits.put("city", CITY[city]);
            }
            return ProfileLinkerTest.profile(id, "crm", List.of(), traits);
        }
    }

    @Provide
    Arbitrary<List<Person>> people() {
        return Combinators.combine(Arbitraries.integers().between(0, FIRST.length - 1), Arbitraries.integers().between(0, LAST.length - 1),
                Arbitraries.integers().between(0, BIRTHDAY.length - 1), Arbitraries.integers().between(0, CITY.length - 1)).as(Person::new)
                .list().ofMinSize(2).ofMaxSize(30);
    }

    private static List<Profile> profiles(List<Person> people) {
        List<Profile> out = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            out.add(people.get(i).profile(String.format("p_%03d", i)));
        }
        return out;
    }

    private static Set<String> of(List<Link> links, String id) {
        Set<String> out = new TreeSet<>();
        for (Link l : links) {
            if (l.profileA().equals(id) || l.profileB().equals(id)) {
                out.add(l.profileA() + "-" + l.profileB() + " " + Math.round(l.probability() * 1e9) + " " + l.evidence());
            }
        }
        return out;
    }

    @Property(tries = 200)
    void scoringOneProfileAgainstTheIndexFindsWhatTheWholePassFound(@ForAll("people") List<Person> people, @ForAll @IntRange(min = 0, max = 29) int k) {
        List<Profile> profiles = profiles(people);
        Profile one = profiles.get(k % profiles.size());
        ProfileLinker.Outcome full = ProfileLinker.link(profiles, ProfileLinker.Settings.DEFAULTS, T);
        LiveIndex index = full.index().orElseThrow();
        assertThat(index.size()).isEqualTo(profiles.size());
        assertThat(of(index.score(one.id(), ProfileLinker.record(one), T).links(), one.id())).isEqualTo(of(full.links(), one.id()));
    }

    @Property(tries = 200)
    void aChangedProfileScoredAgainFindsWhatAWholePassOverTheChangeFinds(@ForAll("people") List<Person> people,
                                                                         @ForAll @IntRange(min = 0, max = 29) int k, @ForAll("people") List<Person> other) {
        List<Profile> before = profiles(people);
        int i = k % before.size();
        List<Profile> after = new ArrayList<>(before);
        after.set(i, other.getFirst().profile(before.get(i).id()));
        LiveIndex index = ProfileLinker.link(before, ProfileLinker.Settings.DEFAULTS, T).index().orElseThrow();
        Profile changed = after.get(i);
        index.put(changed.id(), ProfileLinker.record(changed));
        ProfileLinker.Outcome full = ProfileLinker.link(after, ProfileLinker.Settings.DEFAULTS, T);
        assertThat(of(index.score(changed.id(), ProfileLinker.record(changed), T).links(), changed.id())).isEqualTo(of(full.links(), changed.id()));
    }
}
