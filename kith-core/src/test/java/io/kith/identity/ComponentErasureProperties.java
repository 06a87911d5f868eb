package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.Event;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityGraphReferenceProperties.Spec;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Taking erased people out of the live graph ({@link ComponentErasure}) gives exactly what a full rebuild over the
 * remaining events gives — every profile, decision, event list, lookup and chain of links — on random histories with
 * merges, refusals under tight limits, windows, shared devices and overrides; and the two graphs go on agreeing on the
 * events that come after. Where the removal declines (identifier types the rules do not declare), nothing changed.
 */
class ComponentErasureProperties {
    private static final String TIGHT = """
            {"types": {"email": {"maxPerProfile": 1}, "phone": {"maxPerProfile": 2},
                       "anonymous_id": {"maxPerProfile": 3, "window": "P1D"}, "device_id": {"maxPerProfile": 2, "window": "PT12H"}},
             "giantProfileIdentifiers": 6,
             "traitSourcePriority": {"plan": ["crm"]}}
            """;

    @Provide
    Arbitrary<List<Spec>> streams() {
        return specs(false);
    }

    @Provide
    Arbitrary<List<Spec>> streamsWithCustomTypes() {
        return specs(true);
    }

    /** Few distinct values, so that people share identifiers and limits refuse links often. */
    private static Arbitrary<List<Spec>> specs(boolean customTypes) {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(-3, 3), Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(-5, 6), Arbitraries.integers().between(-6, 4), Arbitraries.integers().between(-6, 2),
                Arbitraries.integers().between(-4, 3), Arbitraries.integers().between(customTypes ? -6 : -1, customTypes ? 2 : -1))
                .flatAs((type, user, anon, email, phone, card, device, member) ->
                        Combinators.combine(Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3))
                                .as((hours, source, trait) -> new Spec(type, user, anon, email, phone, card, device, member, hours, source, trait)));
        return spec.list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<IdentityOverrides> overrides() {
        Arbitrary<Identifier> ids = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 6).map(i -> new Identifier("anonymous_id", "a" + i)),
                Arbitraries.integers().between(0, 3).map(i -> new Identifier("user_id", "u" + i)),
                Arbitraries.integers().between(0, 4).map(i -> new Identifier("email", "person" + i + "@example.com")));
        return Combinators.combine(ids, ids, ids, Arbitraries.integers().between(0, 3)).as((a, b, c, which) -> switch (which) {
            case 0 -> IdentityOverrides.NONE;
            case 1 -> IdentityOverrides.NONE.withDistinct(a, b);
            case 2 -> IdentityOverrides.NONE.withUnlinked(c);
            default -> IdentityOverrides.NONE.withDistinct(a, b).withUnlinked(c);
        });
    }

    @Property(tries = 500)
    void removalGivesWhatARebuildGivesUnderTightLimits(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                                       @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 59) Integer> people,
                                                       @ForAll @IntRange(min = 0, max = 10) int tail) {
        Outcome o = check(tight(), overrides, stream, people, tail);
        Statistics.label("outcome").collect(o.applied ? (o.replayed ? "applied, others resolved again" : "applied, erased only") : "declined");
        Statistics.label("outcome").coverage(c -> {
            c.check("applied, others resolved again").percentage(p -> p > 3);
            c.check("applied, erased only").percentage(p -> p > 30);
        });
    }

    @Property(tries = 300)
    void removalGivesWhatARebuildGivesUnderDefaultRules(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                                        @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 59) Integer> people,
                                                        @ForAll @IntRange(min = 0, max = 10) int tail) {
        Outcome o = check(IdentityRules.defaults(), overrides, stream, people, tail);
        Statistics.label("outcome").collect(o.applied ? "applied" : "declined");
    }

    /**
     * Evidence against a merge: erasing people of families who share e-mails, phones and cards (some links held contested
     * at resolution because the names and birth dates disagree) gives what a rebuild without them gives.
     */
    @Property(tries = 300)
    void removalGivesWhatARebuildGivesWithContestedLinks(@ForAll("families") List<IdentityGraphReferenceProperties.Claimed> stream,
                                                         @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 59) Integer> people,
                                                         @ForAll @IntRange(min = 0, max = 10) int tail) {
        Outcome o = checkEvents(IdentityRules.defaults(), IdentityOverrides.NONE,
                stream.stream().map(IdentityGraphReferenceProperties.Claimed::event).toList(), people, tail);
        Statistics.label("outcome").collect(o.applied ? (o.replayed ? "applied, others resolved again" : "applied, erased only") : "declined");
    }

    @Provide
    Arbitrary<List<IdentityGraphReferenceProperties.Claimed>> families() {
        return IdentityGraphReferenceProperties.familyStreams();
    }

    /** With undeclared identifier types the removal declines, and leaves the graph as it was. */
    @Property(tries = 200)
    void declinesWithUndeclaredTypes(@ForAll("streamsWithCustomTypes") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                     @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 59) Integer> people) {
        check(tight(), overrides, stream, people, 0);
    }

    /**
     * An event refused an anonymous id because it already named another user (the refusal is recorded on that user's
     * profile): erasing the first user gives the cookie to the second, as a rebuild does.
     */
    @Example
    void aRefusalOnAnotherProfileIsResolvedAgain() {
        List<Spec> stream = List.of(
                new Spec(0, 1, 1, -1, -1, -1, -1, -1, 0, 0, 0),   // u1 with cookie a1
                new Spec(0, 2, 1, -1, -1, -1, -1, -1, 1, 0, 0));  // u2 with cookie a1: refused (two user ids)
        Outcome o = check(IdentityRules.defaults(), IdentityOverrides.NONE, stream, List.of(0), 0);
        assertThat(o.applied).isTrue();
        assertThat(o.replayed).isTrue();
    }

    /**
     * Retention: the events before a random cut-off (all of them, a source's, or one type's) leave identity, and the
     * profiles holding them are resolved again from what is left. Profiles, identifiers, traits, merges (one only an
     * expired event made is undone), refusals and ids (a profile whose creating event expired is made at its first
     * remaining event) equal a rebuild from the remaining events, then after further events.
     */
    @Property(tries = 500)
    void expiryGivesWhatARebuildGivesUnderTightLimits(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                                      @ForAll @IntRange(min = 0, max = 61) int cutoffHours, @ForAll @IntRange(min = 0, max = 2) int rule,
                                                      @ForAll @IntRange(min = 0, max = 10) int tail) {
        Outcome o = checkExpiry(tight(), overrides, stream, cutoffHours, rule, tail);
        Statistics.label("outcome").collect(o.applied ? (o.replayed ? "applied, others resolved again" : "applied, nothing to resolve") : "declined");
        Statistics.label("outcome").coverage(c -> c.check("applied, others resolved again").percentage(p -> p > 30));
    }

    /** The same after a start from a snapshot: what the graph kept of refused events survives it. */
    @Property(tries = 300)
    void expiryAfterAStartFromASnapshotGivesWhatARebuildGives(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                                              @ForAll @IntRange(min = 0, max = 61) int cutoffHours, @ForAll @IntRange(min = 0, max = 2) int rule) {
        checkExpiry(tight(), overrides, stream, cutoffHours, rule, 0, true);
    }

    @Property(tries = 300)
    void expiryGivesWhatARebuildGivesUnderDefaultRules(@ForAll("streams") List<Spec> stream, @ForAll("overrides") IdentityOverrides overrides,
                                                       @ForAll @IntRange(min = 0, max = 61) int cutoffHours, @ForAll @IntRange(min = 0, max = 2) int rule,
                                                       @ForAll @IntRange(min = 0, max = 10) int tail) {
        checkExpiry(IdentityRules.defaults(), overrides, stream, cutoffHours, rule, tail);
    }

    /** Two cookies joined only by an identify that expires split back into two profiles, each with its own id. */
    @Example
    void aLinkSeenOnlyInAnExpiredEventIsUndone() {
        List<Spec> stream = List.of(
                new Spec(2, -1, 1, -1, -1, -1, -1, -1, 10, 0, 0),  // page, cookie a1
                new Spec(2, -1, 2, -1, -1, -1, -1, -1, 11, 0, 0),  // page, cookie a2
                new Spec(0, 1, 1, -1, -1, -1, -1, -1, 0, 1, 0),    // identify u1 with a1: old
                new Spec(0, 1, 2, -1, -1, -1, -1, -1, 1, 1, 0),    // identify u1 with a2 (merges the two cookies): old
                new Spec(2, -1, 2, -1, -1, -1, -1, -1, 12, 0, 0)); // page, cookie a2
        Outcome o = checkExpiry(IdentityRules.defaults(), IdentityOverrides.NONE, stream, 5, 0, 0);
        assertThat(o.applied).isTrue();
        assertThat(o.replayed).isTrue();
    }

    /** Expires the events of the stream (but its last {@code tail}) before the cut-off under the rule, then checks as {@link #checkEvents}. */
    private static Outcome checkExpiry(IdentityRules rules, IdentityOverrides overrides, List<Spec> stream, int cutoffHours, int rule, int tail) {
        return checkExpiry(rules, overrides, stream, cutoffHours, rule, tail, false);
    }

    /** @param restarted whether the graph is written to a snapshot and read back before the removal */
    private static Outcome checkExpiry(IdentityRules rules, IdentityOverrides overrides, List<Spec> stream, int cutoffHours, int rule, int tail,
                                       boolean restarted) {
        List<Event> events = stream.stream().map(Spec::event).toList();
        int history = Math.max(1, events.size() - tail);
        IdentityGraph g = new IdentityGraph(rules, overrides, TestEvents::info, a -> { });
        Map<Long, StoredEvent> store = new TreeMap<>();
        for (int i = 0; i < history; i++) {
            g.apply(i * 3L, events.get(i));
            store.put(i * 3L, new StoredEvent(i * 3L, events.get(i)));
        }
        if (restarted) {
            g = writtenAndRead(g, rules, overrides);
        }
        java.time.Instant cutoff = TestEvents.T0.plus(java.time.Duration.ofHours(cutoffHours));
        LongOpenHashSet expired = new LongOpenHashSet();
        Set<Identifier> carried = new LinkedHashSet<>();
        for (int i = 0; i < history; i++) {
            Spec s = stream.get(i);
            boolean matches = switch (rule) {
                case 0 -> true;
                case 1 -> s.source() == 0;
                default -> s.type() == 2;
            };
            if (matches && events.get(i).timestamp().isBefore(cutoff)) {
                expired.add(i * 3L);
                for (Extraction.Candidate c : g.extractor().input(events.get(i)).extraction().identifiers()) {
                    carried.add(c.identifier());
                }
                store.remove(i * 3L);
            }
        }
        Map<Identifier, String> before = holders(g);
        ComponentErasure.Outcome o = ComponentErasure.apply(g, List.of(), carried, expired, storeReader(store));
        return compareWithRebuild(rules, overrides, events, history, store, g, o, before);
    }

    private static ComponentErasure.Events storeReader(Map<Long, StoredEvent> store) {
        return seqs -> {
            List<StoredEvent> out = new ArrayList<>();
            for (long s : seqs) {
                StoredEvent e = store.get(s);
                if (e != null) {
                    out.add(e);
                }
            }
            return out;
        };
    }

    private record Outcome(boolean applied, boolean replayed) {
    }

    private static IdentityRules tight() {
        return IdentityRules.withOverrides(new ByteArrayInputStream(TIGHT.getBytes(StandardCharsets.UTF_8)), "tight");
    }

    /**
     * Resolves the stream but its last {@code tail} events, erases the people of the events at {@code people} (by the
     * profile each went to), compares with a rebuild of the rest, then applies the tail to both and compares again.
     */
    private static Outcome check(IdentityRules rules, IdentityOverrides overrides, List<Spec> stream, List<Integer> people, int tail) {
        return checkEvents(rules, overrides, stream.stream().map(Spec::event).toList(), people, tail);
    }

    private static Outcome checkEvents(IdentityRules rules, IdentityOverrides overrides, List<Event> events, List<Integer> people, int tail) {
        int history = Math.max(1, events.size() - tail);
        IdentityGraph g = new IdentityGraph(rules, overrides, TestEvents::info, a -> { });
        Map<Long, StoredEvent> store = new TreeMap<>();
        List<String> profileOf = new ArrayList<>();
        for (int i = 0; i < history; i++) {
            long seq = i * 3L;
            profileOf.add(g.apply(seq, events.get(i)).orElse(null));
            store.put(seq, new StoredEvent(seq, events.get(i)));
        }
        Set<String> erased = new LinkedHashSet<>();
        for (int p : people) {
            String id = profileOf.get(p % history);
            if (id != null) {
                g.canonical(id).ifPresent(erased::add);
            }
        }
        LongOpenHashSet erasedSequences = new LongOpenHashSet();
        for (String id : erased) {
            for (long seq : g.eventSequences(id)) {
                erasedSequences.add(seq);
            }
        }
        Map<Identifier, String> before = holders(g);
        erasedSequences.forEach((long seq) -> store.remove(seq));

        ComponentErasure.Outcome o = ComponentErasure.apply(g, erased, erasedSequences, storeReader(store));
        return compareWithRebuild(rules, overrides, events, history, store, g, o, before);
    }

    /** Compares {@code g} after the removal with a rebuild of what {@code store} holds, then again after the tail of {@code events}. */
    private static Outcome compareWithRebuild(IdentityRules rules, IdentityOverrides overrides, List<Event> events, int history,
                                              Map<Long, StoredEvent> store, IdentityGraph g, ComponentErasure.Outcome o, Map<Identifier, String> before) {
        if (!o.applied()) {
            assertThat(holders(g)).as("a declined removal changes nothing").isEqualTo(before);
            return new Outcome(false, false);
        }
        IdentityGraph rebuilt = new IdentityGraph(rules, overrides, TestEvents::info, a -> { });
        for (StoredEvent e : store.values()) {
            rebuilt.apply(e.sequence(), e.event());
        }
        assertSame(g, rebuilt, events.size());
        // what a snapshot keeps of it (freed and inserted slots) reads back as the same graph
        assertSame(writtenAndRead(g, rules, overrides), rebuilt, events.size());
        for (int i = history; i < events.size(); i++) {
            assertThat(g.apply(i * 3L, events.get(i))).isEqualTo(rebuilt.apply(i * 3L, events.get(i)));
        }
        assertSame(g, rebuilt, events.size());
        return new Outcome(true, o.replayed() > 0);
    }

    private static IdentityGraph writtenAndRead(IdentityGraph g, IdentityRules rules, IdentityOverrides overrides) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            SnapshotWriter w = new SnapshotWriter(out);
            g.writeTo(w);
            w.flush();
            byte[] bytes = out.toByteArray();
            return IdentityGraph.readFrom(new SnapshotReader(new ByteArrayInputStream(bytes), bytes.length), rules, overrides, TestEvents::info, a -> { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<Identifier, String> holders(IdentityGraph g) {
        Map<Identifier, String> holders = new TreeMap<>();
        g.forEachIdentifier((p, id) -> holders.put(id, p));
        return holders;
    }

    private static void assertSame(IdentityGraph g, IdentityGraph ref, int events) {
        assertThat(g.profileCount()).isEqualTo(ref.profileCount());
        assertThat(g.identifierCount()).isEqualTo(ref.identifierCount());
        assertThat(g.unresolvedEvents()).isEqualTo(ref.unresolvedEvents());
        Map<Identifier, String> holders = holders(g);
        assertThat(holders).isEqualTo(holders(ref));
        assertThat(g.profileIds(-1, Integer.MAX_VALUE)).isEqualTo(ref.profileIds(-1, Integer.MAX_VALUE));
        List<Identifier> identifiers = new ArrayList<>(holders.keySet());
        for (int i = 0; i < events; i++) {
            String id = IdentityGraph.profileId(i * 3L);
            assertThat(g.canonical(id)).isEqualTo(ref.canonical(id));
            assertThat(g.profile(id)).isEqualTo(ref.profile(id));
            assertThat(g.explain(id)).isEqualTo(ref.explain(id));
            assertThat(g.eventSequences(id)).isEqualTo(ref.eventSequences(id));
        }
        for (int i = 0; i < identifiers.size(); i++) {
            assertThat(g.lookup(identifiers.get(i))).isEqualTo(ref.lookup(identifiers.get(i)));
            if (i + 1 < identifiers.size()) {
                assertThat(g.why(identifiers.get(i), identifiers.get(i + 1))).isEqualTo(ref.why(identifiers.get(i), identifiers.get(i + 1)));
            }
        }
    }
}
