package io.kith.identity;

import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.event.StoredEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The profile writer when the store fails: nothing it drained is forgotten, the next flush writes it. */
class IdentityStoreWriterTest {
    /** Profile rows in a map; fails the next writes when asked. */
    private static final class FlakyStore implements IdentityStore {
        final Map<String, StoredProfile> rows = new TreeMap<>();
        /** Event sequence → the profile written with it; absorbed id → survivor (kept flat, as the stores keep it). */
        final Map<Long, String> events = new TreeMap<>();
        final Map<String, String> aliases = new TreeMap<>();
        long applied;
        int failures;
        int clears;
        /** Transactions applied (or tried), and the one that fails (1 = the first; 0: none). */
        int applies;
        int failOnApply;
        /** The threads transactions were applied on. */
        final java.util.Set<String> applyingOn = new java.util.TreeSet<>();

        @Override
        public boolean acquireWriter() {
            return true;
        }

        @Override
        public long appliedSequence() {
            return applied;
        }

        @Override
        public void apply(List<StoredProfile> changed, Map<String, String> mergedInto, EventAssignments assigned, long toSequence) {
            applyingOn.add(Thread.currentThread().getName());
            if (++applies == failOnApply) {
                throw new IllegalStateException("store down at transaction " + applies);
            }
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("store down");
            }
            changed.forEach(p -> rows.put(p.profile().id(), p));
            mergedInto.keySet().forEach(rows::remove);
            mergedInto.forEach((gone, survivor) -> {
                String end = survivor;
                while (mergedInto.containsKey(end)) {
                    end = mergedInto.get(end);
                }
                String last = end;
                aliases.replaceAll((k, v) -> v.equals(gone) ? last : v);
                aliases.put(gone, last);
            });
            for (int i = 0; i < assigned.size(); i++) {
                String before = events.put(assigned.sequences()[i], assigned.profileIds()[i]);
                assertThat(before).as("event %d written twice", assigned.sequences()[i]).isNull();
            }
            applied = toSequence;
        }

        @Override
        public Optional<String> profileOfEvent(long sequence) {
            String id = events.get(sequence);
            return id == null ? Optional.empty() : Optional.of(aliases.getOrDefault(id, id));
        }

        @Override
        public long assignedEvents() {
            return events.size();
        }

        @Override
        public void clear() {
            clears++;
            rows.clear();
            events.clear();
            aliases.clear();
            applied = 0;
        }

        @Override
        public Optional<StoredProfile> profile(String profileId) {
            return Optional.ofNullable(rows.get(profileId));
        }

        @Override
        public Optional<String> lookup(Identifier identifier) {
            return Optional.empty();
        }

        @Override
        public long count() {
            return rows.size();
        }
    }

    private final IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, a -> { });
    private final FlakyStore store = new FlakyStore();
    private final IdentityStoreWriter writer = new IdentityStoreWriter(identity, store);

    @Test
    void aFailedWriteIsWrittenByTheNextFlush() {
        identity.rewriteAll(); // as at start on an empty store: every profile from now on is tracked
        identity.onApplied(List.of(new StoredEvent(0, event("{\"type\":\"identify\",\"userId\":\"u1\"}")),
                new StoredEvent(1, event("{\"type\":\"identify\",\"userId\":\"u2\"}"))));
        store.failures = 1;
        assertThatThrownBy(writer::flush).hasMessageContaining("store down");
        assertThat(store.rows).isEmpty();
        identity.onApplied(List.of(new StoredEvent(2, event("{\"type\":\"identify\",\"userId\":\"u3\"}"))));
        assertThat(writer.flush()).isEqualTo(3);
        assertThat(store.rows.keySet()).containsExactly("p_0", "p_1", "p_2");
        assertThat(store.applied).isEqualTo(3);
        assertThat(writer.flush()).isZero();
    }

    @Test
    void aFailedFullRewriteClearsAndRewritesEverythingNextTime() {
        identity.rewriteAll();
        identity.onApplied(List.of(new StoredEvent(0, event("{\"type\":\"identify\",\"userId\":\"u1\"}"))));
        writer.flush();
        identity.rewriteAll(); // as when this process takes over writing the profiles
        store.failures = 1;
        assertThatThrownBy(writer::flush).hasMessageContaining("store down");
        assertThat(writer.flush()).isEqualTo(1);
        assertThat(store.clears).isEqualTo(3); // at start, then for the rewrite, and again after its failure (not forgotten)
        assertThat(store.rows.keySet()).containsExactly("p_0");
    }

    @Test
    void aFlushOfSeveralTransactionsWritesThemInOrderOnAThreadOfTheirOwn() {
        IdentityStoreWriter small = new IdentityStoreWriter(identity, store, 2);
        identity.rewriteAll();
        List<StoredEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(new StoredEvent(i, event("{\"type\":\"identify\",\"userId\":\"u" + i + "\"}")));
        }
        identity.onApplied(events);
        assertThat(small.flush()).isEqualTo(7);
        assertThat(store.applies).isEqualTo(4); // 2 + 2 + 2 + 1
        assertThat(store.applyingOn).containsExactly("kith-profile-store");
        assertThat(store.rows).hasSize(7);
        assertThat(store.assignedEvents()).isEqualTo(7);
        assertThat(store.applied).isEqualTo(7);
        store.applyingOn.clear();
        identity.onApplied(List.of(new StoredEvent(7, event("{\"type\":\"identify\",\"userId\":\"u7\"}"))));
        assertThat(small.flush()).isEqualTo(1);
        assertThat(store.applyingOn).as("one transaction: on the caller's thread").containsExactly(Thread.currentThread().getName());
        small.close();
    }

    @Test
    void aTransactionThatFailsStopsTheFlushAndItsChangesAreWrittenByTheNext() {
        IdentityStoreWriter small = new IdentityStoreWriter(identity, store, 1);
        identity.rewriteAll();
        identity.onApplied(List.of(new StoredEvent(0, event("{\"type\":\"identify\",\"userId\":\"u1\"}")),
                new StoredEvent(1, event("{\"type\":\"identify\",\"userId\":\"u2\"}")),
                new StoredEvent(2, event("{\"type\":\"identify\",\"userId\":\"u3\"}")),
                new StoredEvent(3, event("{\"type\":\"identify\",\"userId\":\"u4\"}"))));
        store.failOnApply = 2;
        assertThatThrownBy(small::flush).hasMessageContaining("store down at transaction 2");
        assertThat(store.applies).as("nothing applied after the failed transaction").isEqualTo(2);
        assertThat(store.rows.keySet()).containsExactly("p_0");
        assertThat(small.flush()).isEqualTo(4);
        assertThat(store.rows.keySet()).containsExactly("p_0", "p_1", "p_2", "p_3");
        assertThat(store.assignedEvents()).isEqualTo(4);
        small.close();
    }

    @Test
    void eventAssignmentsMustBeInOrder() {
        assertThatThrownBy(() -> new IdentityStore.EventAssignments(new long[] {2, 1}, new String[] {"p_1", "p_1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentityStore.EventAssignments(new long[] {1, 1}, new String[] {"p_1", "p_1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentityStore.EventAssignments(new long[] {1}, new String[] {"p_1", "p_2"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Events that merge profiles, with flushes between them (and a full rewrite part way): after every flush each
     * stored event answers the profile the graph holds it in, and each event is written once.
     */
    @net.jqwik.api.Property(tries = 60)
    void everyStoredEventAnswersItsProfileInTheGraph(@net.jqwik.api.ForAll("histories") List<int[]> steps,
                                                     @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 4) int transaction) {
        IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, a -> { });
        FlakyStore store = new FlakyStore();
        // small transactions: a flush of several is written on the pipe's thread while the next is read out of the graph
        IdentityStoreWriter writer = new IdentityStoreWriter(identity, store, transaction);
        identity.rewriteAll();
        long seq = 0;
        for (int[] step : steps) {
            switch (step[0]) {
                case 0 -> writer.flush();
                case 1 -> identity.rewriteAll();
                default -> {
                    // an event of user u<a> with email e<b>@x.example: shared emails merge users
                    identity.onApplied(List.of(new StoredEvent(seq++, event("{\"type\":\"identify\",\"userId\":\"u" + step[1]
                            + "\",\"traits\":{\"email\":\"e" + step[2] + "@x.example\"}}"))));
                }
            }
        }
        writer.flush();
        writer.close();
        assertThat(store.assignedEvents()).isEqualTo(seq);
        for (long s = 0; s < seq; s++) {
            long at = s;
            String inGraph = identity.read(g -> {
                for (String id : store.rows.keySet()) {
                    for (long e : g.eventSequences(id)) {
                        if (e == at) {
                            return id;
                        }
                    }
                }
                return null;
            });
            assertThat(store.profileOfEvent(s)).as("event %d", s).contains(inGraph);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<int[]>> histories() {
        net.jqwik.api.Arbitrary<int[]> step = net.jqwik.api.Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, net.jqwik.api.Arbitraries.just(new int[] {0, 0, 0})),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Arbitraries.just(new int[] {1, 0, 0})),
                net.jqwik.api.Tuple.of(12, net.jqwik.api.Combinators.combine(net.jqwik.api.Arbitraries.integers().between(0, 8),
                        net.jqwik.api.Arbitraries.integers().between(0, 8)).as((a, b) -> new int[] {2, a, b})));
        return step.list().ofMinSize(1).ofMaxSize(40);
    }
}
