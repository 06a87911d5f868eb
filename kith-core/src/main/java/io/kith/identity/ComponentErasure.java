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
 * Identity after events leave it, without resolving every stored event again: an erasure's people (every event of their
 * profiles) or the events retention expired (some events of some profiles). Takes the components holding the removed
 * events out of the live graph, with the components whose resolution their identifiers could have changed, and resolves
 * the remaining events of those again, in log order. The result is exactly the graph a full rebuild over the remaining
 * events gives ({@code ComponentErasureProperties} checks it against one on random histories, for erasures and for
 * retention cut-offs): a merge that only an expired event made is undone, a profile whose creating event expired is made
 * again at its first remaining event (its id changes as a rebuild's would), a profile left without events is gone.
 *
 * <p>Why that holds. Resolving an event reads only the profiles that hold one of its identifiers (limits, windows, shared
 * devices and distinct pairs all look at those), and records its refusals on its own profile. Call an identifier
 * <em>affected</em> when a profile holding a removed event holds it, when an affected profile holds it, or when an
 * affected event carries it; a profile affected when it holds an affected identifier; an event affected when it belongs
 * to an affected profile or carries an affected identifier. Closed that way, the affected and the other events never
 * share an identifier, so each family resolves as if the other were not there: the other profiles are what a rebuild
 * gives already, and the affected ones are what resolving their remaining events alone gives. Finding the events that
 * carry an identifier without belonging to its holder needs no scan: such an event had the identifier refused by a rule
 * that read the holder, and the graph keeps those events per identifier ({@link IdentityGraph#contestedSequences}). A
 * removed event that belonged to no profile (none of its identifiers linked) changed nothing but the count of unresolved
 * events.
 *
 * <p>Where it does not apply, the caller rebuilds: when the graph holds identifier types the rules do not declare (they
 * count against {@code limits.identifierTypes}, and a removal does not give the count back), or when an affected event is
 * not in the store yet. Not thread-safe: run it under the graph's write lock ({@link IdentityProjection#erase}).
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

    /** Takes erased people out of {@code g}: as {@link #apply(IdentityGraph, Collection, Collection, LongSet, Events)} with no identifiers. */
    static Outcome apply(IdentityGraph g, Collection<String> profileIds, LongSet erasedSequences, Events events) {
        return apply(g, profileIds, List.of(), erasedSequences, events);
    }

    /**
     * Takes removed events out of {@code g}. The profiles holding them are found from {@code profileIds} and from the
     * holders of {@code carried}; every removed event that belongs to a profile must be reachable so (an event belongs to
     * the profile holding the identifiers it linked, so the identifiers it carries suffice).
     *
     * @param profileIds       profiles to take out whole (an erasure's people: any id of each, merged-away ids resolve to
     *                         their survivor); their events not in {@code erasedSequences} are resolved again
     * @param carried          identifiers the removed events carry (retention: their holders are the profiles to resolve again)
     * @param erasedSequences  the store sequences of the removed events, deleted from the store
     * @param events           the store, to read the remaining events of affected components
     */
    static Outcome apply(IdentityGraph g, Collection<String> profileIds, Collection<Identifier> carried, LongSet erasedSequences, Events events) {
        if (g.holdsCustomTypes()) {
            return Outcome.refused("the graph holds identifier types the rules do not declare");
        }
        IntOpenHashSet roots = new IntOpenHashSet();
        Set<Identifier> affected = new HashSet<>();
        ArrayDeque<Integer> rootQueue = new ArrayDeque<>();
        ArrayDeque<Identifier> idQueue = new ArrayDeque<>();
        LongOpenHashSet ofProfiles = new LongOpenHashSet();
        LongOpenHashSet ofRemoved = new LongOpenHashSet();
        LongOpenHashSet wanted = new LongOpenHashSet();
        it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<IdentityInput> read = new it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        IntOpenHashSet erasedSlots = new IntOpenHashSet();
        for (String id : profileIds) {
            int slot = g.liveSlot(id);
            if (slot >= 0 && erasedSlots.add(slot)) {
                rootQueue.add(slot);
            }
        }
        for (Identifier id : carried) {
            int holder = g.holder(id);
            if (holder >= 0 && erasedSlots.add(holder)) {
                rootQueue.add(holder);
            }
        }
        int seeds = rootQueue.size();
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
                    if (erasedSequences.contains(seq)) {
                        ofRemoved.add(seq);
                    } else {
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
        // Removed events that belonged to no profile were counted as unresolved: a rebuild does not see them.
        int removedUnresolved = 0;
        for (long seq : erasedSequences) {
            if (!ofRemoved.contains(seq) && seq <= g.lastSequence()) {
                removedUnresolved++;
            }
        }
        // The replay makes its profiles at the slots it frees, or at new slots where an event now makes a profile that made
        // none before (the profile's creating event was removed): try it on an empty copy first to know which.
        IdentityGraph dry = g.emptyCopy();
        dry.resolve(sequences, inputs, sequences.length);
        LongOpenHashSet freed = new LongOpenHashSet(g.componentSlotSequences(roots));
        it.unimi.dsi.fastutil.longs.LongArrayList fresh = new it.unimi.dsi.fastutil.longs.LongArrayList();
        for (long created : dry.slotSequences()) {
            if (!freed.contains(created)) {
                if (g.hasSlotAt(created)) {
                    return Outcome.refused("the remaining events would make a profile where another one is");
                }
                fresh.add(created);
            }
        }
        Set<String> revived = new LinkedHashSet<>(dry.profileIds(-1, Integer.MAX_VALUE));
        g.removeComponents(roots);
        g.insertFreeSlots(fresh.toLongArray()); // the dry run made them in increasing order
        g.forgetContested(erasedSequences);
        g.replay(sequences, inputs, wereUnresolved + removedUnresolved);
        return new Outcome(true, removed, revived, sequences.length, seeds + " components held removed events, " + roots.size() + " taken out");
    }
}
