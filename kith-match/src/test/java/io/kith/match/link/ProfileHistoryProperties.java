package io.kith.match.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory.Seen;
import io.kith.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Profiles whose histories hold one value per attribute (their current one, as sources wrote it: other case, other
 * spacing) are linked exactly as on their current values alone: the same pairs, probabilities, weights and levels,
 * with the prior model and with a trained one. The oracle is the linker without histories, the path it always took.
 */
class ProfileHistoryProperties {
    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

    @Provide
    Arbitrary<List<LiveIndexProperties.Person>> people() {
        return new LiveIndexProperties().people();
    }

    @Provide
    Arbitrary<List<LiveIndexProperties.Person>> many() {
        return new LiveIndexProperties().people().list().ofMinSize(2).ofMaxSize(3).map(l -> l.stream().flatMap(List::stream).toList());
    }

    @Property(tries = 150)
    void withThePriorModelOneValueHistoriesChangeNothing(@ForAll("people") List<LiveIndexProperties.Person> people) {
        same(people, ProfileLinker.Settings.DEFAULTS);
    }

    @Property(tries = 40)
    void withATrainedModelOneValueHistoriesChangeNothing(@ForAll("many") List<LiveIndexProperties.Person> people) {
        same(people, new ProfileLinker.Settings(0.5, 1.0, 10, 1));
    }

    private static void same(List<LiveIndexProperties.Person> people, ProfileLinker.Settings settings) {
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<Seen>> histories = new HashMap<>();
        for (int i = 0; i < people.size(); i++) {
            Profile p = people.get(i).profile(String.format("p_%03d", i));
            profiles.add(p);
            histories.put(p.id(), history(p));
        }
        ProfileLinker.Outcome old = ProfileLinker.link(profiles, settings, T);
        ProfileLinker.Outcome now = ProfileLinker.link(profiles, histories, settings, T, KeptApart.NONE);
        assertThat(now.modelVersion()).isEqualTo(old.modelVersion());
        assertThat(now.candidatePairs()).isEqualTo(old.candidatePairs());
        assertThat(shape(now.links())).isEqualTo(shape(old.links()));
    }

    /** Each current value once, as a source wrote it. */
    private static List<Seen> history(Profile p) {
        List<Seen> out = new ArrayList<>();
        String[] row = ProfileLinker.record(p);
        for (int c = 0; c < row.length; c++) {
            if (row[c] != null) {
                Attribute a = Attribute.valueOf(ProfileLinker.COLUMNS.get(c).toUpperCase(Locale.ROOT));
                String written = "  " + row[c].toUpperCase(Locale.ROOT) + " ";
                out.add(new Seen(a, written, a.normalise(written), "src_crm", T, T, 2));
            }
        }
        return out;
    }

    /** A link without where its values came from: pair, probability, weight, and per comparison its level and weight. */
    private static List<String> shape(List<Link> links) {
        List<String> out = new ArrayList<>();
        for (Link l : links) {
            StringBuilder sb = new StringBuilder(l.profileA() + "-" + l.profileB() + " " + l.probability() + " " + l.weight());
            for (Evidence e : l.evidence()) {
                sb.append(' ').append(e.comparison()).append('=').append(e.level()).append(':').append(e.weight());
            }
            out.add(sb.toString());
        }
        return out;
    }
}
