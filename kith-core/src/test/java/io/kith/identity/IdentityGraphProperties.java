package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.Event;
import io.kith.profile.Profile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The laws of identity resolution, on random event streams over small identifier pools (so merges happen). */
class IdentityGraphProperties {
    /** One generated event: which identifiers it carries. */
    record Spec(int user, int anon, int email, int phone, int card, int hours, boolean crm) {
        String json() {
            StringBuilder traits = new StringBuilder();
            if (email >= 0) {
                traits.append("\"email\":\"person").append(email).append("@example.com\",");
            }
            if (phone >= 0) {
                traits.append("\"phone\":\"07700 90012").append(phone).append("\",");
            }
            traits.append("\"seen\":").append(hours);
            String ids = (user >= 0 ? "\"userId\":\"u" + user + "\"," : "") + "\"anonymousId\":\"a" + anon + "\"";
            String ext = card >= 0 ? ",\"context\":{\"externalIds\":[{\"type\":\"loyalty_card\",\"id\":\"LC" + card + "\"}]}" : "";
            return "{\"type\":\"identify\"," + ids + ",\"traits\":{" + traits + "}" + ext + "}";
        }

        Event event() {
            return TestEvents.event(crm ? TestEvents.CRM : TestEvents.WEB, json(), TestEvents.T0.plus(Duration.ofHours(hours)));
        }
    }

    @Provide
    Arbitrary<List<Spec>> streams() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(-4, 3), Arbitraries.integers().between(0, 9), Arbitraries.integers().between(-6, 4),
                Arbitraries.integers().between(-8, 3), Arbitraries.integers().between(-8, 2), Arbitraries.integers().between(0, 400),
                Arbitraries.of(true, false)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(60);
    }

    private static IdentityGraph graph(IdentityOverrides overrides) {
        return new IdentityGraph(IdentityRules.defaults(), overrides, TestEvents::info, a -> { });
    }

    /** Everything observable about a graph: profiles with identifiers, traits, counts and event memberships. */
    private static Map<String, String> state(IdentityGraph g) {
        Map<String, List<String>> idsByProfile = new TreeMap<>();
        g.forEachIdentifier((p, id) -> idsByProfile.computeIfAbsent(p, k -> new ArrayList<>()).add(id.toString()));
        Map<String, String> out = new TreeMap<>();
        for (String p : idsByProfile.keySet()) {
            Profile profile = g.profile(p).orElseThrow();
            out.put(p, profile.identifiers() + " " + profile.traits() + " " + profile.eventCount() + " " + profile.sources()
                    + " " + java.util.Arrays.toString(g.eventSequences(p)) + " " + profile.mergedFrom());
        }
        return out;
    }

    @Property(tries = 150)
    void incrementalInAnyChunksEqualsAFullRebuild(@ForAll("streams") List<Spec> stream, @ForAll @IntRange(min = 1, max = 7) int chunk) {
        List<Event> events = stream.stream().map(Spec::event).toList();
        IdentityGraph once = graph(IdentityOverrides.NONE);
        for (int i = 0; i < events.size(); i++) {
            once.apply(i, events.get(i));
        }
        IdentityGraph incremental = graph(IdentityOverrides.NONE);
        for (int from = 0; from < events.size(); from += chunk) {
            for (int i = from; i < Math.min(events.size(), from + chunk); i++) {
                incremental.apply(i, events.get(i));
            }
            state(incremental); // reads between chunks change nothing
        }
        assertThat(state(incremental)).isEqualTo(state(once));
    }

    @Property(tries = 150)
    void reapplyingEventsChangesNothing(@ForAll("streams") List<Spec> stream) {
        List<Event> events = stream.stream().map(Spec::event).toList();
        IdentityGraph g = graph(IdentityOverrides.NONE);
        IdentityGraph twice = graph(IdentityOverrides.NONE);
        for (int i = 0; i < events.size(); i++) {
            g.apply(i, events.get(i));
            twice.apply(i, events.get(i));
            twice.apply(i, events.get(i));
            if (i > 0) {
                twice.apply(i - 1, events.get(i - 1));
            }
        }
        assertThat(state(twice)).isEqualTo(state(g));
    }

    @Property(tries = 150)
    void noProfileEverHoldsTwoUserIdsOrTwoCrmIds(@ForAll("streams") List<Spec> stream) {
        IdentityGraph g = graph(IdentityOverrides.NONE);
        for (int i = 0; i < stream.size(); i++) {
            g.apply(i, stream.get(i).event());
            Map<String, Integer> users = new TreeMap<>();
            g.forEachIdentifier((p, id) -> {
                if (id.type().equals("user_id")) {
                    users.merge(p, 1, Integer::sum);
                }
            });
            assertThat(users.values()).allMatch(n -> n <= 1);
        }
    }

    /** Un-merge is exact: unlinking an identifier gives what the log would have given had it never carried it. */
    @Property(tries = 150)
    void unlinkingAnIdentifierEqualsAStreamThatNeverHadIt(@ForAll("streams") List<Spec> stream, @ForAll @IntRange(min = 0, max = 4) int email) {
        IdentityGraph unlinked = graph(IdentityOverrides.NONE.withUnlinked(new Identifier("email", "person" + email + "@example.com")));
        IdentityGraph without = graph(IdentityOverrides.NONE);
        for (int i = 0; i < stream.size(); i++) {
            Spec s = stream.get(i);
            unlinked.apply(i, s.event());
            Spec stripped = s.email() == email ? new Spec(s.user(), s.anon(), -1, s.phone(), s.card(), s.hours(), s.crm()) : s;
            without.apply(i, stripped.event());
        }
        Map<String, List<String>> a = new TreeMap<>();
        unlinked.forEachIdentifier((p, id) -> a.computeIfAbsent(p, k -> new ArrayList<>()).add(id.toString()));
        Map<String, List<String>> b = new TreeMap<>();
        without.forEachIdentifier((p, id) -> b.computeIfAbsent(p, k -> new ArrayList<>()).add(id.toString()));
        assertThat(a).isEqualTo(b);
        for (String p : a.keySet()) {
            assertThat(unlinked.eventSequences(p)).isEqualTo(without.eventSequences(p));
        }
    }

    /** Declaring two identifiers distinct: they never end up in one profile, whatever the stream. */
    @Property(tries = 150)
    void distinctIdentifiersNeverShareAProfile(@ForAll("streams") List<Spec> stream, @ForAll @IntRange(min = 0, max = 9) int anon,
                                               @ForAll @IntRange(min = 0, max = 3) int user) {
        Identifier a = new Identifier("anonymous_id", "a" + anon);
        Identifier u = new Identifier("user_id", "u" + user);
        IdentityGraph g = graph(IdentityOverrides.NONE.withDistinct(a, u));
        for (int i = 0; i < stream.size(); i++) {
            g.apply(i, stream.get(i).event());
            var pa = g.lookup(a);
            var pu = g.lookup(u);
            if (pa.isPresent() && pu.isPresent()) {
                assertThat(pa.get()).isNotEqualTo(pu.get());
            }
        }
    }
}
