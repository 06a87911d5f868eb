package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * The optimised {@link IdentityGraph} agrees with the {@link ReferenceIdentityGraph} on everything a user can observe —
 * which profile holds each identifier, every profile's snapshot, decisions and events, the chains of {@code why}, the
 * alerts — on random streams under the default rules and under tight limits (so that limits, windows, shared devices,
 * blocked values and overrides all come into play).
 */
class IdentityGraphReferenceProperties {
    /** Tight limits, so that small streams hit them: one email, two phones, three cookies a day. */
    private static final String TIGHT = """
            {"types": {"email": {"maxPerProfile": 1}, "phone": {"maxPerProfile": 2},
                       "anonymous_id": {"maxPerProfile": 3, "window": "P1D"}, "device_id": {"maxPerProfile": 2, "window": "PT12H"}},
             "giantProfileIdentifiers": 6,
             "traitSourcePriority": {"plan": ["crm"]}}
            """;

    /** One generated event. Negative numbers mean "absent". */
    record Spec(int type, int user, int anon, int email, int phone, int card, int device, int member, int hours, int source, int trait) {
        String json() {
            StringBuilder traits = new StringBuilder();
            if (email >= 0) {
                traits.append("\"email\":\"").append(email == 5 ? "test@test.com" : email == 6 ? " Person1@Example.COM " : "person" + email + "@example.com").append("\",");
            }
            if (phone >= 0) {
                traits.append("\"phone\":\"").append(phone == 4 ? "12" : "07700 90012" + phone).append("\",");
            }
            traits.append("\"seen\":").append(hours).append(",\"plan\":\"p").append(trait).append("\"");
            String ids = (user >= 0 ? "\"userId\":\"" + (user == 4 ? "null" : "u" + user) + "\"," : "") + "\"anonymousId\":\"a" + anon + "\"";
            List<String> ext = new ArrayList<>();
            if (card >= 0) {
                ext.add("{\"type\":\"loyalty_card\",\"id\":\"LC" + card + "\"}");
            }
            if (member >= 0) {
                ext.add("{\"type\":\"Member-No\",\"id\":\"M" + member + "\"}");
            }
            String context = "\"context\":{" + (device >= 0 ? "\"device\":{\"id\":\"d" + device + "\"}," : "") + "\"externalIds\":[" + String.join(",", ext) + "]"
                    + (type == 0 ? "" : ",\"traits\":{" + traits + "}") + "}";
            return switch (type) {
                case 0 -> "{\"type\":\"identify\"," + ids + ",\"traits\":{" + traits + "}," + context + "}";
                case 1 -> "{\"type\":\"track\",\"event\":\"Order Completed\"," + ids + ",\"properties\":{\"loyalty_card\":\"LC" + Math.max(0, card) + "\"}," + context + "}";
                default -> "{\"type\":\"page\",\"name\":\"Home\"," + ids + "," + context + "}";
            };
        }

        Event event() {
            return TestEvents.event(switch (source) {
                case 0 -> TestEvents.WEB;
                case 1 -> TestEvents.CRM;
                default -> TestEvents.POS;
            }, json(), TestEvents.T0.plus(Duration.ofHours(hours)));
        }
    }

    @Provide
    Arbitrary<List<Spec>> streams() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(-4, 4), Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(-6, 6), Arbitraries.integers().between(-8, 4), Arbitraries.integers().between(-8, 2),
                Arbitraries.integers().between(-6, 3), Arbitraries.integers().between(-10, 2)).flatAs((type, user, anon, email, phone, card, device, member) ->
                Combinators.combine(Arbitraries.integers().between(0, 120), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3))
                        .as((hours, source, trait) -> new Spec(type, user, anon, email, phone, card, device, member, hours, source, trait)));
        return spec.list().ofMinSize(1).ofMaxSize(80);
    }

    @Provide
    Arbitrary<IdentityOverrides> overrides() {
        Arbitrary<Identifier> ids = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 9).map(i -> new Identifier("anonymous_id", "a" + i)),
                Arbitraries.integers().between(0, 3).map(i -> new Identifier("user_id", "u" + i)),
                Arbitraries.integers().between(0, 4).map(i -> new Identifier("email", "person" + i + "@example.com")));
        return Combinators.combine(ids, ids, ids, Arbitraries.integers().between(0, 3)).as((a, b, c, which) -> switch (which) {
            case 0 -> IdentityOverrides.NONE;
            case 1 -> IdentityOverrides.NONE.withDistinct(a, b);
            case 2 -> IdentityOverrides.NONE.withUnlinked(c);
            default -> IdentityOverrides.NONE.withDistinct(a, b).withUnlinked(c);
        });
    }

    @Property(tries = 300)
    void agreesWithTheReferenceUnderDefaultRules(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides) {
        assertAgree(IdentityRules.defaults(), overrides, stream);
    }

    @Property(tries = 300)
    void agreesWithTheReferenceUnderTightLimits(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides) {
        assertAgree(IdentityRules.withOverrides(new ByteArrayInputStream(TIGHT.getBytes(StandardCharsets.UTF_8)), "tight"), overrides, stream);
    }

    /** Resolving in batches (the graph reads ahead within a batch) gives what one event at a time gives. */
    @Property(tries = 200)
    void batchesAgreeWithTheReference(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                      @ForAll @IntRange(min = 1, max = 20) int batch) {
        assertAgree(IdentityRules.withOverrides(new ByteArrayInputStream(TIGHT.getBytes(StandardCharsets.UTF_8)), "tight"), overrides, stream, batch);
    }

    private static void assertAgree(IdentityRules rules, IdentityOverrides overrides, List<Spec> stream) {
        assertAgree(rules, overrides, stream, 0);
    }

    private static void assertAgree(IdentityRules rules, IdentityOverrides overrides, List<Spec> stream, int batch) {
        assertAgreeOn(rules, overrides, stream.stream().map(Spec::event).toList(), batch);
    }

    /**
     * One generated event of people who share values: a family's e-mails, phones and cards (shareable), and logins (not),
     * with first names and birth dates from a small pool (a couple, one man's Jon/John, names written the wrong way round,
     * a typo in a date, a name without a date). Negative numbers mean "absent".
     */
    record Claimed(int type, int user, int anon, int email, int phone, int card, int person, int hours, int source) {
        /** first name, last name, birth date; null: not said. */
        private static final String[][] PEOPLE = {
                {"Adaeze", "Okafor", "1994-07-23"}, {"Chidi", "Okafor", "1961-01-09"}, {"Jon", "Smith", "1961-01-09"},
                {"John", "Smith", "1961-01-09"}, {"Okafor", "Adaeze", "1994-07-23"}, {"Adaeze", "Okafor", "1994-07-32"},
                {"Chidi", null, null}, {null, null, "1961-01-09"}, {"Ngozi", "Okafor", "23/07/1994"}};

        String json() {
            StringBuilder traits = new StringBuilder("\"seen\":" + hours);
            if (email >= 0) {
                traits.append(",\"email\":\"family").append(email).append("@example.com\"");
            }
            if (phone >= 0) {
                traits.append(",\"phone\":\"07700 90012").append(phone).append("\"");
            }
            if (person >= 0) {
                String[] p = PEOPLE[person];
                String[] names = {"first_name", "last_name", "birthday"};
                for (int i = 0; i < 3; i++) {
                    if (p[i] != null) {
                        traits.append(",\"").append(names[i]).append("\":\"").append(p[i]).append("\"");
                    }
                }
            }
            String ids = (user >= 0 ? "\"userId\":\"u" + user + "\"," : "") + "\"anonymousId\":\"a" + anon + "\"";
            String context = "\"context\":{\"externalIds\":[" + (card >= 0 ? "{\"type\":\"loyalty_card\",\"id\":\"LC" + card + "\"}" : "") + "]"
                    + (type == 0 ? "" : ",\"traits\":{" + traits + "}") + "}";
            return type == 0 ? "{\"type\":\"identify\"," + ids + ",\"traits\":{" + traits + "}," + context + "}"
                    : "{\"type\":\"track\",\"event\":\"Order Completed\"," + ids + "," + context + "}";
        }

        Event event() {
            return TestEvents.event(source == 0 ? TestEvents.WEB : TestEvents.CRM, json(), TestEvents.T0.plus(Duration.ofHours(hours)));
        }
    }

    @Provide
    Arbitrary<List<Claimed>> families() {
        return familyStreams();
    }

    /** Streams of {@link Claimed} events (also erased in {@link ComponentErasureProperties}). */
    static Arbitrary<List<Claimed>> familyStreams() {
        Arbitrary<Claimed> spec = Combinators.combine(
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(-6, 2), Arbitraries.integers().between(-2, 7),
                Arbitraries.integers().between(-1, 1), Arbitraries.integers().between(-4, 1), Arbitraries.integers().between(-4, 1),
                Arbitraries.integers().between(-2, Claimed.PEOPLE.length - 1), Arbitraries.integers().between(0, 48))
                .flatAs((type, user, anon, email, phone, card, person, hours) -> Arbitraries.integers().between(0, 1)
                        .map(source -> new Claimed(type, user, Math.max(0, anon), email, phone, card, person, hours, source)));
        return spec.list().ofMinSize(1).ofMaxSize(60);
    }

    /**
     * Evidence against a merge: on streams where families share e-mails, phones and cards, the graph and the reference
     * hold the same links contested (each {@code CONTESTED} refusal, its alert, the profiles that stay apart).
     */
    @Property(tries = 300)
    void agreesWithTheReferenceOnContestedLinks(@ForAll("families") List<Claimed> stream, @ForAll @IntRange(min = 0, max = 7) int batch) {
        List<IdentityAlert> alerts = assertAgreeOn(IdentityRules.defaults(), IdentityOverrides.NONE, stream.stream().map(Claimed::event).toList(), batch);
        net.jqwik.api.statistics.Statistics.label("streams with a contested link")
                .collect(alerts.stream().anyMatch(a -> a.kind() == IdentityAlert.Kind.CONTESTED_LINK));
    }

    /** @param batch 0 to apply events one by one (comparing what each answers), else the size of the batches */
    private static List<IdentityAlert> assertAgreeOn(IdentityRules rules, IdentityOverrides overrides, List<Event> events, int batch) {
        List<IdentityAlert> alerts = new ArrayList<>();
        List<IdentityAlert> referenceAlerts = new ArrayList<>();
        IdentityGraph g = new IdentityGraph(rules, overrides, TestEvents::info, alerts::add);
        ReferenceIdentityGraph ref = new ReferenceIdentityGraph(rules, overrides, TestEvents::info, referenceAlerts::add);
        if (batch == 0) {
            for (int i = 0; i < events.size(); i++) {
                assertThat(g.apply(i * 3L, events.get(i))).isEqualTo(ref.apply(i * 3L, events.get(i)));
            }
        } else {
            for (int from = 0; from < events.size(); from += batch) {
                int count = Math.min(batch, events.size() - from);
                long[] sequences = new long[count];
                IdentityInput[] inputs = new IdentityInput[count];
                for (int k = 0; k < count; k++) {
                    sequences[k] = (from + k) * 3L;
                    inputs[k] = g.extractor().input(events.get(from + k));
                }
                g.resolve(sequences, inputs, count);
            }
            for (int i = 0; i < events.size(); i++) {
                ref.apply(i * 3L, events.get(i));
            }
        }
        assertThat(alerts).isEqualTo(referenceAlerts);
        assertThat(g.profileCount()).isEqualTo(ref.profileCount());
        assertThat(g.identifierCount()).isEqualTo(ref.identifierCount());
        assertThat(g.unresolvedEvents()).isEqualTo(ref.unresolvedEvents());
        Map<Identifier, String> holders = new TreeMap<>();
        g.forEachIdentifier((p, id) -> holders.put(id, p));
        Map<Identifier, String> referenceHolders = new TreeMap<>();
        ref.forEachIdentifier((p, id) -> referenceHolders.put(id, p));
        assertThat(holders).isEqualTo(referenceHolders);
        List<Identifier> identifiers = new ArrayList<>(holders.keySet());
        for (int i = 0; i < events.size(); i++) {
            String id = IdentityGraph.profileId(i * 3L);
            assertThat(g.canonical(id)).isEqualTo(ref.canonical(id));
            assertThat(g.profile(id)).isEqualTo(ref.profile(id));
            assertThat(g.explain(id)).isEqualTo(ref.explain(id));
            assertThat(g.eventSequences(id)).isEqualTo(ref.eventSequences(id));
        }
        for (int i = 0; i + 1 < identifiers.size(); i += 2) {
            assertThat(g.why(identifiers.get(i), identifiers.get(i + 1))).isEqualTo(ref.why(identifiers.get(i), identifiers.get(i + 1)));
            assertThat(g.lookup(identifiers.get(i))).isEqualTo(ref.lookup(identifiers.get(i)));
        }
        return alerts;
    }
}
