package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.Event;
import io.kith.identity.IdentityOverrides.MatchDecision;
import io.kith.identity.IdentityOverrides.Verdict;
import java.time.Duration;
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
 * The laws of operators' decisions on probable links, on random event streams: an accepted match joins exactly as one
 * event carrying both identifiers would, at the moment both exist; a rejected match never lets one profile hold both; and
 * withdrawing a decision gives back the profiles of no decision.
 */
class MatchDecisionProperties {
    private static final java.time.Instant AT = java.time.Instant.parse("2026-12-06T10:00:00Z");

    record Spec(int user, int anon, int email, int card, int hours) {
        String json(String anonymousId) {
            StringBuilder traits = new StringBuilder();
            if (email >= 0) {
                traits.append("\"email\":\"person").append(email).append("@example.com\",");
            }
            traits.append("\"seen\":").append(hours);
            String ids = (user >= 0 ? "\"userId\":\"u" + user + "\"," : "") + "\"anonymousId\":\"" + anonymousId + "\"";
            String ext = card >= 0 ? ",\"context\":{\"externalIds\":[{\"type\":\"loyalty_card\",\"id\":\"LC" + card + "\"}]}" : "";
            return "{\"type\":\"identify\"," + ids + ",\"traits\":{" + traits + "}" + ext + "}";
        }

        Event event() {
            return TestEvents.event(TestEvents.WEB, json("a" + anon), TestEvents.T0.plus(Duration.ofHours(hours)));
        }
    }

    @Provide
    Arbitrary<List<Spec>> streams() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.integers().between(-6, 3), Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(-3, 4), Arbitraries.integers().between(-4, 2), Arbitraries.integers().between(0, 400)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(50);
    }

    private static Identifier id(int k) {
        return k < 5 ? new Identifier("email", "person" + k + "@example.com") : new Identifier("loyalty_card", "LC" + (k - 5));
    }

    private static IdentityGraph resolve(List<Event> events, IdentityOverrides overrides) {
        IdentityGraph g = new IdentityGraph(IdentityRules.defaults(), overrides, TestEvents::info, x -> { });
        for (int i = 0; i < events.size(); i++) {
            g.apply(i, events.get(i));
        }
        return g;
    }

    /** The profiles as sets of identifiers, leaving out the synthetic events' own anonymous ids. */
    private static Set<String> partition(IdentityGraph g) {
        Map<String, TreeSet<String>> by = new HashMap<>();
        g.forEachIdentifier((p, id) -> {
            if (!id.value().startsWith("syn-")) {
                by.computeIfAbsent(p, k -> new TreeSet<>()).add(id.toString());
            }
        });
        Set<String> out = new TreeSet<>();
        by.values().forEach(s -> out.add(s.toString()));
        return out;
    }

    private static MatchDecision decision(Verdict v, Identifier a, Identifier b) {
        return new MatchDecision("md_0000000000000001", v, a, b, "p_1", "p_2", 0.9, AT);
    }

    @Property(tries = 300)
    void anAcceptedMatchJoinsAsAnEventCarryingBothWouldWhenBothExist(@ForAll("streams") List<Spec> stream,
                                                                     @ForAll @IntRange(min = 0, max = 7) int x, @ForAll @IntRange(min = 0, max = 7) int y) {
        if (x == y) {
            return;
        }
        Identifier a = id(x);
        Identifier b = id(y);
        List<Event> events = stream.stream().map(Spec::event).toList();
        IdentityGraph accepted = resolve(events, IdentityOverrides.NONE.withMatch(decision(Verdict.SAME, a, b)));

        // The same log with one more event carrying a and b, right after the first event after which both are known.
        IdentityGraph plain = new IdentityGraph(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, z -> { });
        List<Event> withEvent = new ArrayList<>();
        boolean inserted = false;
        for (int i = 0; i < events.size(); i++) {
            plain.apply(i, events.get(i));
            withEvent.add(events.get(i));
            if (!inserted && plain.lookup(a).isPresent() && plain.lookup(b).isPresent()) {
                inserted = true;
                String json = "{\"type\":\"identify\",\"anonymousId\":\"syn-" + i + "\",\"context\":{\"externalIds\":[" + ext(a) + "," + ext(b) + "]}}";
                withEvent.add(TestEvents.event(TestEvents.WEB, json, events.get(i).timestamp()));
            }
        }
        assertThat(partition(accepted)).isEqualTo(partition(resolve(withEvent, IdentityOverrides.NONE)));
        if (inserted) {
            assertThat(accepted.lookup(a).equals(accepted.lookup(b)))
                    .isEqualTo(resolve(withEvent, IdentityOverrides.NONE).lookup(a).equals(resolve(withEvent, IdentityOverrides.NONE).lookup(b)));
        }
    }

    private static String ext(Identifier i) {
        return "{\"type\":\"" + i.type() + "\",\"id\":\"" + i.value() + "\"}";
    }

    @Property(tries = 200)
    void aRejectedMatchNeverLetsOneProfileHoldBoth(@ForAll("streams") List<Spec> stream, @ForAll @IntRange(min = 0, max = 7) int x,
                                                   @ForAll @IntRange(min = 0, max = 7) int y) {
        if (x == y) {
            return;
        }
        Identifier a = id(x);
        Identifier b = id(y);
        List<Event> events = stream.stream().map(Spec::event).toList();
        IdentityGraph g = resolve(events, IdentityOverrides.NONE.withMatch(decision(Verdict.DIFFERENT, a, b)));
        if (g.lookup(a).isPresent() && g.lookup(b).isPresent()) {
            assertThat(g.lookup(a)).isNotEqualTo(g.lookup(b));
        }
    }

    @Property(tries = 100)
    void withdrawingADecisionGivesTheProfilesOfNone(@ForAll("streams") List<Spec> stream, @ForAll @IntRange(min = 0, max = 7) int x,
                                                    @ForAll @IntRange(min = 0, max = 7) int y, @ForAll boolean same) {
        if (x == y) {
            return;
        }
        List<Event> events = stream.stream().map(Spec::event).toList();
        IdentityOverrides decided = IdentityOverrides.NONE.withMatch(decision(same ? Verdict.SAME : Verdict.DIFFERENT, id(x), id(y)));
        IdentityOverrides withdrawn = OverridesJson.read(OverridesJson.write(decided.withoutMatch("md_0000000000000001")), "test");
        assertThat(withdrawn).isEqualTo(IdentityOverrides.NONE);
        assertThat(partition(resolve(events, withdrawn))).isEqualTo(partition(resolve(events, IdentityOverrides.NONE)));
    }
}
