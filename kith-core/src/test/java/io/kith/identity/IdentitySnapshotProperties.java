package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.Event;
import io.kith.event.EventStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A graph loaded from an {@link IdentitySnapshot} and caught up with the events after it is the graph a rebuild from
 * every event gives — profiles, identifiers, decisions, alerts, what the profile writer is told — and goes on resolving
 * as that graph does; a snapshot that is damaged or made under anything else is refused and changes nothing.
 */
class IdentitySnapshotProperties {
    private static final String TIGHT = """
            {"types": {"email": {"maxPerProfile": 1}, "phone": {"maxPerProfile": 2},
                       "anonymous_id": {"maxPerProfile": 3, "window": "P1D"}, "device_id": {"maxPerProfile": 2, "window": "PT12H"}},
             "giantProfileIdentifiers": 6,
             "traitSourcePriority": {"plan": ["crm"]}}
            """;

    private final IdentityGraphReferenceProperties generators = new IdentityGraphReferenceProperties();

    @Provide
    Arbitrary<List<IdentityGraphReferenceProperties.Spec>> streams() {
        return generators.streams();
    }

    @Provide
    Arbitrary<IdentityOverrides> overrides() {
        return generators.overrides();
    }

    @Provide
    Arbitrary<IdentityRules> rules() {
        return Arbitraries.of(IdentityRules.defaults(), tight());
    }

    /**
     * The events are split in three: a snapshot is taken after the first part, loaded and caught up with the second,
     * and the third is then resolved live by both graphs.
     */
    @Property(tries = 300)
    void aSnapshotCaughtUpEqualsARebuildFromEveryEvent(@ForAll("streams") List<IdentityGraphReferenceProperties.Spec> stream,
                                                       @ForAll("overrides") IdentityOverrides overrides, @ForAll("rules") IdentityRules rules,
                                                       @ForAll @IntRange(min = 1, max = 100) int cutPercent,
                                                       @ForAll @IntRange(min = 0, max = 100) int livePercent,
                                                       @ForAll boolean rowsBehindTheSnapshot) throws IOException {
        List<Event> events = stream.stream().map(IdentityGraphReferenceProperties.Spec::event).toList();
        int cut = Math.max(1, events.size() * cutPercent / 100);
        int live = cut + (events.size() - cut) * livePercent / 100;
        ListEventStore store = new ListEventStore();
        for (int i = 0; i < cut; i++) {
            store.add(events.get(i));
        }
        IdentityProjection before = projection(rules);
        before.rebuild(store, overrides, 0);
        byte[] snapshot = snapshot(before, store);

        for (int i = cut; i < live; i++) {
            store.add(events.get(i));
        }
        // The stored profile rows: behind the snapshot (every profile is written again), or past it.
        long keep = rowsBehindTheSnapshot ? 0 : store.lastSequence() + 1;
        IdentityProjection rebuilt = projection(rules);
        rebuilt.rebuild(store, overrides, keep);
        IdentityProjection loaded = projection(rules);
        IdentitySnapshot.Outcome outcome = loaded.restore(new ByteArrayInputStream(snapshot), snapshot.length, store, overrides, keep);
        assertThat(outcome).isInstanceOf(IdentitySnapshot.Outcome.Loaded.class);
        assertThat(sorted(loaded.drainChanges())).isEqualTo(sorted(rebuilt.drainChanges()));

        List<StoredEvent> rest = new ArrayList<>();
        for (int i = live; i < events.size(); i++) {
            rest.add(store.add(events.get(i)));
        }
        rebuilt.onApplied(rest);
        loaded.onApplied(rest);
        assertSame(loaded, rebuilt, store);
        assertThat(sorted(loaded.drainChanges())).isEqualTo(sorted(rebuilt.drainChanges()));
    }

    /** Any byte changed, or any end cut off, and the snapshot is refused; the projection is left as it was. */
    @Property(tries = 200)
    void aDamagedSnapshotIsRefused(@ForAll("streams") List<IdentityGraphReferenceProperties.Spec> stream, @ForAll("rules") IdentityRules rules,
                                   @ForAll @IntRange(min = 0, max = 1_000_000) int where, @ForAll @IntRange(min = 1, max = 255) int flip,
                                   @ForAll boolean truncate) throws IOException {
        ListEventStore store = new ListEventStore();
        stream.forEach(s -> store.add(s.event()));
        IdentityProjection written = projection(rules);
        written.rebuild(store, IdentityOverrides.NONE, 0);
        byte[] snapshot = snapshot(written, store);
        int at = where % snapshot.length;
        byte[] damaged = truncate ? java.util.Arrays.copyOf(snapshot, at) : snapshot.clone();
        if (!truncate) {
            damaged[at] ^= (byte) flip;
        }
        IdentityProjection p = projection(rules);
        IdentitySnapshot.Outcome outcome = p.restore(new ByteArrayInputStream(damaged), damaged.length, store, IdentityOverrides.NONE, 0);
        assertThat(outcome).isInstanceOf(IdentitySnapshot.Outcome.Refused.class);
        assertThat(p.read(IdentityGraph::lastSequence)).isEqualTo(-1);
        assertThat(p.read(IdentityGraph::profileCount)).isZero();
    }

    @Example
    void aSnapshotMadeUnderOtherRulesOverridesOrAnotherStoreIsRefused() throws IOException {
        ListEventStore store = new ListEventStore();
        store.add(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}}"));
        store.add(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u2\",\"anonymousId\":\"a1\"}"));
        IdentityProjection p = projection(IdentityRules.defaults());
        p.rebuild(store, IdentityOverrides.NONE, 0);
        byte[] snapshot = snapshot(p, store);

        assertThat(reason(projection(tight()), snapshot, store, IdentityOverrides.NONE)).isEqualTo("made under other identity rules");
        assertThat(reason(projection(IdentityRules.defaults()), snapshot, store,
                IdentityOverrides.NONE.withUnlinked(new Identifier("user_id", "u2")))).isEqualTo("made under other identity overrides");
        assertThat(reason(projection(IdentityRules.defaults()), snapshot, new ListEventStore(), IdentityOverrides.NONE))
                .isEqualTo("made at store sequence 1, and the store ends at -1");
        ListEventStore other = new ListEventStore();
        other.add(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u1\"}"));
        other.add(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u3\"}"));
        assertThat(reason(projection(IdentityRules.defaults()), snapshot, other, IdentityOverrides.NONE))
                .isEqualTo("the store holds another event at sequence 1 than the snapshot saw");
        byte[] newer = snapshot.clone();
        newer[8] = 3; // the format version, after the magic
        assertThat(reason(projection(IdentityRules.defaults()), newer, store, IdentityOverrides.NONE)).isEqualTo("format 3 (this Kith reads format 2)");
        byte[] foreign = "{\"not\": \"a snapshot at all\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(reason(projection(IdentityRules.defaults()), foreign, store, IdentityOverrides.NONE)).isEqualTo("not an identity snapshot");

        IdentityProjection loaded = projection(IdentityRules.defaults());
        assertThat(loaded.restore(new ByteArrayInputStream(snapshot), snapshot.length, store, IdentityOverrides.NONE, 0))
                .isInstanceOf(IdentitySnapshot.Outcome.Loaded.class);
        assertSame(loaded, p, store);
    }

    @Example
    void anEmptyGraphWritesNoSnapshot() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(projection(IdentityRules.defaults()).writeSnapshot(new ListEventStore(), out)).isEqualTo(-1);
        assertThat(out.size()).isZero();
    }

    private static String reason(IdentityProjection p, byte[] snapshot, EventStore store, IdentityOverrides overrides) {
        IdentitySnapshot.Outcome outcome = p.restore(new ByteArrayInputStream(snapshot), snapshot.length, store, overrides, 0);
        assertThat(p.read(IdentityGraph::lastSequence)).isEqualTo(-1);
        return ((IdentitySnapshot.Outcome.Refused) outcome).reason();
    }

    private static IdentityRules tight() {
        return IdentityRules.withOverrides(new ByteArrayInputStream(TIGHT.getBytes(StandardCharsets.UTF_8)), "tight");
    }

    private static IdentityProjection projection(IdentityRules rules) {
        return new IdentityProjection(rules, IdentityOverrides.NONE, TestEvents::info, a -> { });
    }

    private static byte[] snapshot(IdentityProjection p, EventStore store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(p.writeSnapshot(store, out)).isEqualTo(store.lastSequence());
        return out.toByteArray();
    }

    private static IdentityProjection.Changes sorted(IdentityProjection.Changes c) {
        return new IdentityProjection.Changes(c.clearFirst(), List.copyOf(new TreeSet<>(c.profileIds())), c.toSequence());
    }

    /** Everything a reader can ask of the two projections agrees. */
    private static void assertSame(IdentityProjection actual, IdentityProjection expected, ListEventStore store) {
        assertThat(actual.recentAlerts()).isEqualTo(expected.recentAlerts());
        assertThat(actual.alertCounts()).isEqualTo(expected.alertCounts());
        actual.read(g -> {
            expected.read(e -> {
                assertThat(g.lastSequence()).isEqualTo(e.lastSequence());
                assertThat(g.profileCount()).isEqualTo(e.profileCount());
                assertThat(g.identifierCount()).isEqualTo(e.identifierCount());
                assertThat(g.unresolvedEvents()).isEqualTo(e.unresolvedEvents());
                Map<Identifier, String> holders = new TreeMap<>();
                g.forEachIdentifier((p, id) -> holders.put(id, p));
                Map<Identifier, String> expectedHolders = new TreeMap<>();
                e.forEachIdentifier((p, id) -> expectedHolders.put(id, p));
                assertThat(holders).isEqualTo(expectedHolders);
                for (long seq : store.events.keySet()) {
                    String id = IdentityGraph.profileId(seq);
                    assertThat(g.canonical(id)).isEqualTo(e.canonical(id));
                    assertThat(g.profile(id)).isEqualTo(e.profile(id));
                    assertThat(g.explain(id)).isEqualTo(e.explain(id));
                    assertThat(g.eventSequences(id)).isEqualTo(e.eventSequences(id));
                }
                List<Identifier> ids = new ArrayList<>(holders.keySet());
                for (int i = 0; i + 1 < ids.size(); i++) {
                    assertThat(g.why(ids.get(i), ids.get(i + 1))).isEqualTo(e.why(ids.get(i), ids.get(i + 1)));
                    assertThat(g.lookup(ids.get(i))).isEqualTo(e.lookup(ids.get(i)));
                }
                assertThat(g.profileIds(-1, Integer.MAX_VALUE)).isEqualTo(e.profileIds(-1, Integer.MAX_VALUE));
                return null;
            });
            return null;
        });
    }
}
