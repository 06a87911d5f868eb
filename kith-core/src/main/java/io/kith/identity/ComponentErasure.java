package io.kith.identity;

import io.kith.event.StoredEvent;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Identity after an erasure without resolving every stored event again: takes the erased people's components out of the
 * live graph, with the components whose resolution their identifiers could have changed, and resolves the remaining
 * events of those again, in log order. The result is exactly the graph a full rebuild over the remaining events gives
 * ({@code ComponentErasureProperties} checks it against one on random histories).
 *
 * <p>Why that holds. Resolving an event reads only the profiles that hold one of its identifiers (limits, windows, shared
 * devices and distinct pairs all look at those). Call an identifier <em>affected</em> when an erased profile holds it,
 * when an affected profile holds it, or when an affected event carries it; a profile affected when it holds an affected
 * identifier; an event affected when it belongs to an affected profile or carries an affected identifier. Closed that
 * way, the affected and the other events never share an identifier, so each family resolves as if the other were not
 * there: the other profiles are what a rebuild gives already, and the affected ones are what resolving their remaining
 * events alone gives. Finding the events that carry an identifier without belonging to its holder needs no scan: such
 * an event had the identifier refused by a rule that read the holder, and the graph keeps those events per identifier
 * ({@link IdentityGraph#contestedSequences}).
 *
 * <p>Where it does not apply, the caller rebuilds: when the graph holds identifier types the rules do not declare (they
 * count against {@code limits.identifierTypes}, and a removal does not give the count back), when an affected event is
 * not in the store yet, or when the replay would create a profile at a sequence that had none (a rebuild's profile ids
 * would differ from the free slots). Not thread-safe: run it under the graph's write lock ({@link IdentityProjection#erase}).
 */
public final class ComponentErasure {
    /** Reads stored events by store sequence; those no longer stored are left out. */
    @FunctionalInterface
    public interface Events {
        List<StoredEvent> bySequences(long[] sequences);
    }

    /**
     * What a targeted removal did, or why it was not done.
     *
     * @param applied  whether the graph was changed (false: the caller rebuilds; {@code reason} says why)
     * @param removed  the live profile ids taken out (the erased people's and the affected others')
     * @param revived  the profile ids the remaining events of the affected components make again
     * @param replayed events resolved again
     */
    public record Outcome(boolean applied, Set<String> removed, Set<String> revived, int replayed, String reason) {
        static Outcome refused(String reason) {
            return new Outcome(false, Set.of(), Set.of(), 0, reason);
        }

        /** Whether only the erased people's own components went (nothing else was resolved again). */
        public boolean onlyErased(int erasedProfiles) {
            return replayed == 0 && revived.isEmpty() && removed.size() == erasedProfiles;
        }
    }

    private ComponentErasure() {
    }

    /**
     * Takes the people out of {@code g}.
     *
     * @param profileIds       the erased profiles (any id of each: merged-away ids resolve to their survivor)
     * @param erasedSequences  the store sequences of their events, deleted from the store (every event of those profiles)
     * @param events           the store, to read the remaining events of affected components
     */
    static Outcome apply(IdentityGraph g, Collection<String> profileIds, LongSet erasedSequences, Events events) {
        if (g.holdsCustomTypes()) {
            return Outcome.refused("the graph holds identifier types the rules do not declare");
        }
        IntOpenHashSet roots = new IntOpenHashSet();
        Set<Identifier> affected = new HashSet<>();
        ArrayDeque<Integer> rootQueue = new ArrayDeque<>();
        ArrayDeque<Identifier> idQueue = new ArrayDeque<>();
        LongOpenHashSet ofProfiles = new LongOpenHashSet();
        LongOpenHashSet wanted = new LongOpenHashSet();
        it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<IdentityInput> read = new it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        int erasedRoots = 0;
        IntOpenHashSet erasedSlots = new IntOpenHashSet();
        for (String id : profileIds) {
            int slot = g.liveSlot(id);
            if (slot >= 0 && erasedSlots.add(slot)) {
                rootQueue.add(slot);
            }
        }
        erasedRoots = rootQueue.size();
        int step = 0;
        while (!rootQueue.isEmpty() || !idQueue.isEmpty() || !wanted.isEmpty()) {
            while (!rootQueue.isEmpty()) {
                int root = rootQueue.poll();
                if (!roots.add(root)) {
                    continue;
                }
                removed.add(IdentityGraph.profileId(g.createdSequenceOf(root)));
                for (Identifier id : g.identifiersOf(root)) {
                    if (affected.add(id)) {
                        idQueue.add(id);
                    }
                }
                for (long seq : g.eventsOf(root)) {
                    if (!erasedSequences.contains(seq)) {
                        ofProfiles.add(seq);
                        if (!read.containsKey(seq)) {
                            wanted.add(seq);
                        }
                    }
                }
            }
            while (!idQueue.isEmpty()) {
                Identifier id = idQueue.poll();
                int holder = g.holder(id);
                if (holder >= 0 && !roots.contains(holder)) {
                    rootQueue.add(holder);
                }
                for (long seq : g.contestedSequences(id)) {
                    if (!erasedSequences.contains(seq) && !read.containsKey(seq) && seq <= g.lastSequence()) {
                        wanted.add(seq);
                    }
                }
            }
            if (rootQueue.isEmpty() && !wanted.isEmpty()) {
                long[] seqs = wanted.toLongArray();
                Arrays.sort(seqs);
                wanted.clear();
                List<StoredEvent> found = events.bySequences(seqs);
                if (found.size() != seqs.length) {
                    return Outcome.refused((seqs.length - found.size()) + " events of affected profiles are not in the store");
                }
                for (StoredEvent e : found) {
                    IdentityInput in = g.extractor().input(e.event());
                    read.put(e.sequence(), in);
                    for (Extraction.Candidate c : in.extraction().identifiers()) {
                        if (affected.add(c.identifier())) {
                            idQueue.add(c.identifier());
                        }
                    }
                }
            }
            if (++step > 1_000_000) {
                throw new IllegalStateException("the affected components did not close");
            }
        }
        long[] sequences = read.keySet().toLongArray();
        Arrays.sort(sequences);
        IdentityInput[] inputs = new IdentityInput[sequences.length];
        int wereUnresolved = 0;
        for (int k = 0; k < sequences.length; k++) {
            inputs[k] = read.get(sequences[k]);
            if (!ofProfiles.contains(sequences[k])) {
                wereUnresolved++;
            }
        }
        // The replay must make its profiles at sequences whose slots it frees: try it on an empty copy first.
        IdentityGraph dry = g.emptyCopy();
        dry.resolve(sequences, inputs, sequences.length);
        LongOpenHashSet freed = new LongOpenHashSet(g.componentSlotSequences(roots));
        Set<String> revived = new LinkedHashSet<>();
        for (long created : dry.slotSequences()) {
            if (!freed.contains(created)) {
                return Outcome.refused("the remaining events would make a profile where none was");
            }
        }
        for (String id : dry.profileIds(-1, Integer.MAX_VALUE)) {
            revived.add(id);
        }
        g.removeComponents(roots);
        g.replay(sequences, inputs, wereUnresolved);
        return new Outcome(true, removed, revived, sequences.length, erasedRoots + " erased components");
    }
}
