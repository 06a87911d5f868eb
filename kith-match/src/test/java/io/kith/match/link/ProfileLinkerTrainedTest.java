package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.ProbableLinks.Link;
import io.kith.profile.Profile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** From 1,000 profiles on, the model is trained on them (EM): synthetic people, a fifth of them twice with a typo. */
class ProfileLinkerTrainedTest {
    private static final String[] FIRST = {"olivia", "amelia", "isla", "ava", "mia", "ivy", "lily", "isabella", "rosie", "sophia", "grace",
            "willow", "freya", "florence", "emily", "ella", "poppy", "evie", "elsie", "charlotte", "noah", "oliver", "george", "arthur",
            "muhammad", "leo", "harry", "oscar", "archie", "henry", "theodore", "freddie", "jack", "charlie", "theo", "alfie", "jacob",
            "thomas", "finley", "arlo"};
    private static final String[] LAST = {"smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "patel", "robinson",
            "wright", "thompson", "evans", "walker", "white", "roberts", "green", "hall", "thomas", "clarke", "jackson", "wood", "harris",
            "edwards", "turner", "martin", "cooper", "hill", "ward", "hughes", "moore", "clark", "king", "harrison", "lewis", "baker", "lee",
            "allen", "morris", "khan", "scott", "watson", "davis", "parker", "james", "bennett", "young", "phillips", "richardson", "mitchell"};
    private static final String[] CITY = {"london", "leeds", "bristol", "york", "bath", "derby", "hull", "leicester", "oxford", "cambridge"};

    @Test
    void aTrainedModelLinksTheDuplicatesAndFewOthers() {
        Random r = new Random(7);
        List<Profile> profiles = new ArrayList<>();
        Map<String, Integer> person = new LinkedHashMap<>();
        int id = 0;
        for (int p = 0; p < 1_000; p++) {
            String first = FIRST[r.nextInt(FIRST.length)];
            String last = LAST[r.nextInt(LAST.length)];
            String birthday = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(365 * 60)).toString();
            String city = CITY[r.nextInt(CITY.length)];
            String email = first + "." + last + p + "@example.com";
            int copies = p % 5 == 0 ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                String f = c == 1 ? typo(first, r) : first;
                String e = c == 1 ? first.charAt(0) + last + p + "@mail.example" : email;
                String pid = String.format("p_%05d", id++);
                person.put(pid, p);
                profiles.add(ProfileLinkerTest.profile(pid, c == 0 ? "crm-a" : "crm-b", List.of(),
                        Map.of("first_name", f, "last_name", last, "birthday", birthday, "city", city, "email", e)));
            }
        }
        ProfileLinker.Outcome out = ProfileLinker.link(profiles, ProfileLinker.Settings.DEFAULTS, Instant.parse("2026-12-06T08:00:00Z"));
        assertThat(out.modelVersion()).isEqualTo(ProfileLinker.TRAINED_VERSION);
        assertThat(out.profiles()).isEqualTo(1_200);
        Set<String> truePairs = new HashSet<>();
        int right = 0;
        for (Link l : out.links()) {
            if (person.get(l.profileA()).equals(person.get(l.profileB()))) {
                right++;
                truePairs.add(l.profileA() + l.profileB());
            }
        }
        // measured: 200 of 200 true pairs, 236 links (precision 0.85): the false ones are same-name pairs in one city with
        // different birthdays, EM having learned only -0.8 bits for a birthday disagreement on this name-poor data
        assertThat(truePairs.size()).as("recall").isGreaterThanOrEqualTo(195); // of 200
        assertThat(right).as("precision").isGreaterThanOrEqualTo((int) (0.8 * out.links().size()));
        if (System.getenv("SHOW") != null) {
            ProfileLinker.Outcome prior = ProfileLinker.link(profiles, new ProfileLinker.Settings(0.5, 1.0, 1_000_000, 1), Instant.EPOCH);
            long ok = prior.links().stream().filter(l -> person.get(l.profileA()).equals(person.get(l.profileB()))).count();
            System.err.println("TRAINED links=" + out.links().size() + " right=" + right + " PRIOR links=" + prior.links().size() + " right=" + ok);
        }
    }

    private static String typo(String s, Random r) {
        int i = 1 + r.nextInt(s.length() - 2);
        return s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
    }
}
