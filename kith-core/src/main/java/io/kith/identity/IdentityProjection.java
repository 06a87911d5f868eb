package io.kith.identity;

import io.kith.feed.ChangeFeed;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.projection.ProjectionListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Identity resolution as a live projection: follows the events the projector stores, answers reads
 * concurrently, and rebuilds itself from the events table (at start, and to apply new overrides). Thread-safe:
 * one writer at a time, many readers; a write holds the lock for at most {@value #CHUNK} events so lookups
 * stay fast under load.
 */
public final class IdentityProjection implements ProjectionListener {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(IdentityProjection.class.getName());
    static final int CHUNK = 256;
    /** Catch-ups a rebuild makes without the lock, at most, before its last one under the write lock. */
    private static final int CATCH_UP_PASSES = 8;
    private static final int KEEP_ALERTS = 1_000;

    private final IdentityRules rules;
    private final Function<String, IdentityGraph.SourceInfo> sources;
    private final Consumer<IdentityAlert> alertSink;
    /** Reads events for resolution; the same for every graph (it depends on the rules and sources, not on overrides). */
    private final IdentifierExtractor extractor;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object following = new Object();
    private final ArrayDeque<IdentityAlert> recentAlerts = new ArrayDeque<>();
    private final Map<IdentityAlert.Kind, Long> alertCounts = new EnumMap<>(IdentityAlert.Kind.class);
    private volatile IdentityOverrides overrides;
    private IdentityGraph graph;
    /** Whether the stored profiles must be cleared before the next changes are written (the graph was replaced). */
    private boolean rewriteAll;
    private final ChangeFeed feed = new ChangeFeed();
    /** Changes resolved but not yet published: those of a planned batch wait until the store has committed it. */
    private final List<io.kith.feed.ProfileChange> pendingChanges = new ArrayList<>();
    /** One publisher at a time (the projector's thread and a follower may both apply batches), so changes go out in order. */
    private final Object publishing = new Object();

    /** What changed since the last {@link #drainChanges()}: profile ids to rewrite, up to a store sequence. */
    public record Changes(boolean clearFirst, List<String> profileIds, long toSequence) {
    }

    /** @param alertSink also told about every alert (metrics, log); called under the write lock, so keep it quick */
    public IdentityProjection(IdentityRules rules, IdentityOverrides overrides, Function<String, IdentityGraph.SourceInfo> sources,
                              Consumer<IdentityAlert> alertSink) {
        this.rules = rules;
        this.overrides = overrides;
        this.sources = sources;
        this.alertSink = alertSink;
        this.extractor = new IdentifierExtractor(rules, id -> sources.apply(id).region(), id -> sources.apply(id).kind());
        this.graph = newGraph(overrides);
    }

    private IdentityGraph newGraph(IdentityOverrides o) {
        return new IdentityGraph(rules, o, sources, this::alert);
    }

    private void alert(IdentityAlert a) {
        synchronized (recentAlerts) {
            if (recentAlerts.size() == KEEP_ALERTS) {
                recentAlerts.removeFirst();
            }
            recentAlerts.addLast(a);
            alertCounts.merge(a.kind(), 1L, Long::sum);
        }
        alertSink.accept(a);
    }

    /** Raises an alert found outside resolution (a shared identifier the matcher learnt), listed and counted like the others. */
    public void raise(IdentityAlert a) {
        alert(a);
    }

    /** Resolves a batch as soon as the store has planned it, before the store's write: see {@link #onApplied}. */
    @Override
    public void onPlanned(List<StoredEvent> events) {
        resolve(events);
    }

    /** Normalises a value of a type as resolution does (the rules do not change, so no lock is needed). */
    public java.util.Optional<Identifier> normalize(String type, String value, String region) {
        return Normalizer.normalized(rules, type, value, region);
    }

    /** The profile changes of every stored event this projection resolves: see {@link ChangeFeed}. */
    public ChangeFeed changes() {
        return feed;
    }

    /**
     * Resolves the events it has not resolved yet: usually none, when {@link #onPlanned} saw the batch; all of them when
     * the store could not plan, or when a rebuild swapped in a graph between the two calls (the rebuild read the store
     * before this batch was committed).
     */
    @Override
    public void onApplied(List<StoredEvent> events) {
        resolve(events);
        if (!events.isEmpty()) {
            publishUpTo(events.get(events.size() - 1).sequence());
        }
    }

    /**
     * Publishes the changes collected for events up to {@code sequence}, which the store has committed (a change made
     * while the store's write was still running, from {@link #onPlanned}, waits for it).
     */
    private void publishUpTo(long sequence) {
        synchronized (publishing) {
            List<io.kith.feed.ProfileChange> ready;
            synchronized (pendingChanges) {
                int n = 0;
                while (n < pendingChanges.size() && pendingChanges.get(n).sequence() <= sequence) {
                    n++;
                }
                if (n == 0) {
                    return;
                }
                ready = new ArrayList<>(pendingChanges.subList(0, n));
            }
            // Forgotten only once every subscriber took them: a subscriber that throws is told again with the next try.
            feed.publish(ready);
            synchronized (pendingChanges) {
                pendingChanges.subList(0, Math.min(ready.size(), pendingChanges.size())).clear();
            }
        }
    }

    private void resolve(List<StoredEvent> events) {
        long seen = read(IdentityGraph::lastSequence);
        int first = 0;
        while (first < events.size() && events.get(first).sequence() <= seen) {
            first++;
        }
        if (first > 0) {
            events = events.subList(first, events.size());
        }
        if (events.isEmpty()) {
            return;
        }
        long[] sequences = new long[Math.min(CHUNK, events.size())];
        IdentityInput[] inputs = new IdentityInput[sequences.length];
        for (int from = 0; from < events.size(); from += CHUNK) {
            int count = Math.min(CHUNK, events.size() - from);
            // Reading the events needs no lock: only resolving them does.
            for (int k = 0; k < count; k++) {
                StoredEvent e = events.get(from + k);
                sequences[k] = e.sequence();
                inputs[k] = extractor.input(e.event());
            }
            lock.writeLock().lock();
            try {
                if (feed.hasSubscribers()) {
                    synchronized (pendingChanges) {
                        graph.collectChanges(pendingChanges);
                        graph.resolve(sequences, inputs, count);
                        graph.collectChanges(null);
                    }
                } else {
                    graph.resolve(sequences, inputs, count);
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /**
     * Applies the stored events this projection has not seen yet, in the store's order: on a store shared by several
     * servers, those the others stored. Events already applied are skipped, so it may race with {@link #onApplied}.
     *
     * @return the number of events read
     */
    public long catchUp(EventStore store) {
        synchronized (following) {
            return follow(store);
        }
    }

    private long follow(EventStore store) {
        long n = 0;
        while (true) {
            long from = read(IdentityGraph::lastSequence) + 1;
            List<StoredEvent> batch = store.scan(from, 10_000);
            if (batch.isEmpty()) {
                return n;
            }
            onApplied(batch);
            n += batch.size();
        }
    }

    /** Reads the graph under the read lock. */
    public <T> T read(Function<IdentityGraph, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(graph);
        } finally {
            lock.readLock().unlock();
        }
    }

    public IdentityOverrides overrides() {
        return overrides;
    }

    /**
     * Resolves every stored event again, with these overrides, into a new graph, then swaps it in: reads go on
     * against the old graph meanwhile, and the events stored during the rebuild are applied before the swap.
     *
     * @return the number of events replayed
     */
    public long rebuild(EventStore store, IdentityOverrides newOverrides) {
        return rebuild(store, newOverrides, 0);
    }

    /**
     * As {@link #rebuild(EventStore, IdentityOverrides)}, remembering only the profiles touched by events from
     * {@code keepStoredBefore} on as changed: at start, when the {@link IdentityStore} already holds the profiles as
     * they were up to that sequence. With 0, every profile is rewritten after clearing the stored ones.
     */
    public long rebuild(EventStore store, IdentityOverrides newOverrides, long keepStoredBefore) {
        IdentityGraph fresh = newGraph(newOverrides);
        // With 0 every profile is written again: marked all at once at the end, not event by event.
        if (keepStoredBefore > 0) {
            fresh.trackChangesFrom(keepStoredBefore);
        }
        synchronized (recentAlerts) {
            recentAlerts.clear();
            alertCounts.clear();
        }
        return replaceWith(fresh, store, newOverrides, keepStoredBefore == 0);
    }

    /**
     * Starts from a snapshot instead of an empty graph (see {@link IdentitySnapshot}): when it was made under these
     * overrides and this projection's rules and sources, and the store still holds the event it ends with, loads it and
     * applies the stored events after it, as {@link #rebuild(EventStore, IdentityOverrides, long)} would apply them all;
     * else changes nothing and answers why not. With {@code keepStoredBefore} at or before the snapshot's sequence,
     * which profiles changed since is not known, so every profile is rewritten (as with 0).
     */
    public IdentitySnapshot.Outcome restore(java.io.InputStream in, long length, EventStore store, IdentityOverrides newOverrides,
                                            long keepStoredBefore) {
        IdentitySnapshot.Outcome outcome = IdentitySnapshot.read(in, length, rules, newOverrides, sources, this::alert, store);
        if (outcome instanceof IdentitySnapshot.Outcome.Loaded loaded) {
            boolean rewrite = keepStoredBefore <= loaded.sequence();
            if (!rewrite) {
                loaded.graph().trackChangesFrom(keepStoredBefore);
            }
            synchronized (recentAlerts) {
                recentAlerts.clear();
                recentAlerts.addAll(loaded.alerts());
                alertCounts.clear();
                alertCounts.putAll(loaded.alertCounts());
            }
            replaceWith(loaded.graph(), store, newOverrides, rewrite);
        }
        return outcome;
    }

    /**
     * Writes a snapshot of the graph in force (see {@link IdentitySnapshot}) into {@code out}. The graph must not change
     * meanwhile, so call it on the thread that applies events to this projection (the projector's, or the one that
     * {@link #catchUp follows} a shared store); it holds no lock while it writes, so lookups, rebuilds and the profile
     * writer go on.
     *
     * @return the store sequence of the last event it holds; -1 when nothing was written (an empty graph, or a rebuild
     * under way)
     */
    public long writeSnapshot(EventStore store, java.io.OutputStream out) throws java.io.IOException {
        synchronized (following) {
            IdentityGraph g;
            IdentityOverrides o;
            List<IdentityAlert> alerts;
            Map<IdentityAlert.Kind, Long> counts;
            synchronized (recentAlerts) {
                if (rebuilding > 0) {
                    return -1; // the alerts are those of the graph being rebuilt
                }
                lock.readLock().lock();
                try {
                    g = graph;
                    o = overrides;
                } finally {
                    lock.readLock().unlock();
                }
                alerts = new ArrayList<>(recentAlerts);
                counts = new EnumMap<>(alertCounts);
            }
            if (g.lastSequence() < 0) {
                return -1;
            }
            IdentitySnapshot.write(g, rules, o, alerts, counts, store, out);
            return g.lastSequence();
        }
    }

    /**
     * The last rebuild's final catch-up: the events it resolved under the write lock and how long it held the lock (what
     * a lookup could wait at most for a rebuild).
     */
    public record Swap(long eventsUnderLock, long lockNanos) {
    }

    private volatile Swap lastSwap;

    /** The last rebuild's final catch-up, empty before the first. */
    public java.util.Optional<Swap> lastSwap() {
        return java.util.Optional.ofNullable(lastSwap);
    }

    /** Rebuilds under way (guarded by {@link #recentAlerts}): their alerts are in the list meanwhile. */
    private int rebuilding;

    /**
     * Whether a rebuild is under way: the graph in force is about to be replaced, and what is derived from it meanwhile
     * (profile rows, segments, the search index) is done again after the swap, which tells the change feed what changed.
     * The followers hold while it is true, as they do while the projector catches up ({@link io.kith.projection.CatchUp}).
     */
    public boolean rebuilding() {
        synchronized (recentAlerts) {
            return rebuilding > 0;
        }
    }

    /**
     * Applies every stored event after {@code fresh}'s last to it, then swaps it in: reads go on against the old graph
     * meanwhile. With {@code rewrite}, every profile is marked changed and the stored ones are cleared first.
     */
    private long replaceWith(IdentityGraph fresh, EventStore store, IdentityOverrides newOverrides, boolean rewrite) {
        synchronized (recentAlerts) {
            rebuilding++;
        }
        try {
            return swapIn(fresh, store, newOverrides, rewrite);
        } finally {
            synchronized (recentAlerts) {
                rebuilding--;
            }
        }
    }

    private long swapIn(IdentityGraph fresh, EventStore store, IdentityOverrides newOverrides, boolean rewrite) {
        boolean overridesChanged = !newOverrides.equals(overrides);
        long replayed = replay(store, fresh, fresh.lastSequence() + 1);
        // Events keep coming while the graph is rebuilt. Catch up without the lock while many arrived, each pass covering
        // the arrivals of the one before: the last catch-up, under the write lock that holds lookups back, then applies
        // only the events of its last moments, not those of the whole rebuild.
        for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
            long caughtUp = replay(store, fresh, fresh.lastSequence() + 1);
            replayed += caughtUp;
            if (caughtUp <= CHUNK) {
                break;
            }
        }
        if (rewrite) {
            // before the lock: a walk over every slot (20-60 ms at a million profiles) that lookups need not wait for;
            // the new graph is this thread's alone until the swap, and what the last catch-up resolves is marked by it
            fresh.markAllChanged();
        }
        IdentityGraph old;
        long locked;
        long underLock;
        lock.writeLock().lock();
        try {
            locked = System.nanoTime();
            // Only what the live graph has and the new one lacks: when the passes above caught up with it, the store is
            // not asked at all (its "last sequence" query alone held lookups back 30-60 ms on DuckDB at 1 M events).
            // Events stored and not yet resolved into the live graph are resolved into the new one after the swap,
            // as they would have been into the old.
            underLock = graph.lastSequence() > fresh.lastSequence() ? replay(store, fresh, fresh.lastSequence() + 1) : 0;
            replayed += underLock;
            old = graph;
            graph = fresh;
            overrides = newOverrides;
            rewriteAll = rewrite;
        } finally {
            lock.writeLock().unlock();
        }
        lastSwap = new Swap(underLock, System.nanoTime() - locked);
        LOG.info("identity rebuild swapped in: " + underLock + " events resolved under the write lock, held "
                + String.format(java.util.Locale.ROOT, "%.1f", lastSwap.lockNanos() / 1e6) + " ms");
        if (feed.hasSubscribers()) {
            // The old graph is this thread's alone now; the new one is read under the read lock, as the projector may
            // be resolving into it (it waits meanwhile; lookups do not).
            List<io.kith.feed.ProfileChange> changes = read(old::differencesTo);
            changes.add(new io.kith.feed.ProfileChange.Rebuilt(fresh.lastSequence(), overridesChanged ? "overrides changed" : "rebuild"));
            synchronized (publishing) {
                synchronized (pendingChanges) {
                    pendingChanges.clear(); // what they said of the old graph, the rebuild says again
                }
                feed.publish(changes);
            }
        }
        return replayed;
    }

    /**
     * Takes erased people out of the graph without a rebuild ({@link ComponentErasure}): their components, and those their
     * identifiers could have changed resolved again from the store. Holds the write lock throughout (lookups wait): the
     * work is a walk over the people's identifiers plus, rarely, reading the few events of the other affected profiles.
     * The profiles made again are written by the next {@link #drainChanges()}; when others than the erased people's own
     * components changed, every stored profile is written again (their events may have moved between profiles). The change
     * feed hears of each profile taken out or made again (as {@link io.kith.feed.ProfileChange.Split}s).
     *
     * @return what was done; not applied means the caller must {@link #rebuild} instead
     */
    public ComponentErasure.Outcome erase(java.util.Collection<String> profileIds, it.unimi.dsi.fastutil.longs.LongSet erasedSequences,
                                          ComponentErasure.Events events) {
        return remove(profileIds, List.of(), erasedSequences, events);
    }

    /**
     * Takes expired events out of the graph without a rebuild: the profiles holding them (the holders of the identifiers
     * they carry) are resolved again from their remaining events, with every component their identifiers touched, as
     * {@link #erase} does for erased people. A profile left without events is gone; a merge only an expired event made is
     * undone (both profiles are made again); one whose creating event expired is made again at its first remaining event.
     *
     * @param carried          the identifiers the expired events carry, as resolution reads them
     * @param expiredSequences their store sequences, deleted from the store
     * @return what was done; not applied means the caller must {@link #rebuild} instead
     */
    public ComponentErasure.Outcome expire(java.util.Collection<Identifier> carried, it.unimi.dsi.fastutil.longs.LongSet expiredSequences,
                                           ComponentErasure.Events events) {
        return remove(List.of(), carried, expiredSequences, events);
    }

    private ComponentErasure.Outcome remove(java.util.Collection<String> profileIds, java.util.Collection<Identifier> carried,
                                            it.unimi.dsi.fastutil.longs.LongSet erasedSequences, ComponentErasure.Events events) {
        ComponentErasure.Outcome o;
        long at;
        int erasedProfiles;
        lock.writeLock().lock();
        try {
            java.util.Set<Integer> slots = new java.util.HashSet<>();
            for (String id : profileIds) {
                slots.add(graph.liveSlot(id));
            }
            slots.remove(-1);
            erasedProfiles = slots.size();
            o = ComponentErasure.apply(graph, profileIds, carried, erasedSequences, events);
            if (!o.applied()) {
                return o;
            }
            graph.markChanged(List.copyOf(o.revived()));
            if (!o.onlyErased(erasedProfiles)) {
                graph.markAllChanged();
                rewriteAll = true;
            }
            at = graph.lastSequence();
        } finally {
            lock.writeLock().unlock();
        }
        if (feed.hasSubscribers()) {
            List<io.kith.feed.ProfileChange> changes = new ArrayList<>();
            for (String id : o.removed()) {
                changes.add(new io.kith.feed.ProfileChange.Split(id, List.of(), at));
            }
            for (String id : o.revived()) {
                changes.add(new io.kith.feed.ProfileChange.Split(id, List.of(id), at));
            }
            synchronized (publishing) {
                feed.publish(changes);
            }
        }
        return o;
    }

    /** Marks every profile as changed, with the stored ones to be cleared first: when this process takes over writing them. */
    public void rewriteAll() {
        lock.writeLock().lock();
        try {
            graph.markAllChanged();
            rewriteAll = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Takes back changes a {@link #drainChanges()} gave out whose write failed: the next drain gives them again (with the
     * stored profiles to be cleared first, if these said so).
     */
    public void restoreChanges(Changes c) {
        lock.writeLock().lock();
        try {
            graph.markChanged(c.profileIds());
            rewriteAll |= c.clearFirst();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The profiles changed since the last call (see {@link IdentityGraph#drainChanged}), and forgets them. */
    public Changes drainChanges() {
        lock.writeLock().lock();
        try {
            Changes c = new Changes(rewriteAll, graph.drainChanged(), graph.lastSequence() + 1);
            rewriteAll = false;
            return c;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies every stored event from {@code from} on to {@code g}. Reading the events — the store's I/O, their JSON
     * tokens, normalising their identifiers — costs more than resolving them, so it runs on one reader thread per core,
     * each reading the next free range of sequences ({@link EventStore.RangeReader#visitRange}) into
     * {@link IdentityInput}s, a few ranges ahead of this thread, which resolves the ranges in order.
     */
    private long replay(EventStore store, IdentityGraph g, long from) {
        long last = store.lastSequence();
        if (last < from) {
            return 0;
        }
        long ranges = (last - from) / REPLAY_RANGE + 1;
        int readers = (int) Math.min(ranges, Math.max(1, Runtime.getRuntime().availableProcessors()));
        Map<Long, ReadRange> read = new java.util.HashMap<>();
        java.util.concurrent.Semaphore ahead = new java.util.concurrent.Semaphore(2 * readers + 2);
        java.util.concurrent.atomic.AtomicLong nextRange = new java.util.concurrent.atomic.AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>(readers);
        for (int t = 0; t < readers; t++) {
            threads.add(Thread.ofPlatform().name("kith-identity-replay-reader-" + t).daemon().start(() -> {
                try (EventStore.RangeReader scans = store.rangeReader()) {
                    while (!stop.get()) {
                        if (!ahead.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        long r = nextRange.getAndIncrement();
                        if (r >= ranges) {
                            return;
                        }
                        long lo = from + r * REPLAY_RANGE;
                        ReadRange range = readRange(scans, lo, Math.min(lo + REPLAY_RANGE, last + 1));
                        synchronized (read) {
                            read.put(r, range);
                            read.notifyAll();
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    synchronized (read) {
                        read.notifyAll();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long n = 0;
        long waiting = 0;
        long resolving = 0;
        try {
            for (long r = 0; r < ranges; r++) {
                ReadRange range;
                long t0 = System.nanoTime();
                synchronized (read) {
                    while ((range = read.remove(r)) == null) {
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                        read.wait(100);
                    }
                }
                ahead.release();
                long t1 = System.nanoTime();
                g.resolve(range.sequences(), range.inputs(), range.inputs().length);
                resolving += System.nanoTime() - t1;
                waiting += t1 - t0;
                n += range.inputs().length;
            }
            if (n >= 100_000) {
                // Which side held the replay up: resolution (one thread) or reading (the reader threads).
                String line = String.format("identity replay of %,d events from sequence %d: %,d ms resolving, %,d ms waiting for %d readers",
                        n, from, resolving / 1_000_000, waiting / 1_000_000, readers);
                LOG.info(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KithException(ErrorCode.INTERNAL, "identity replay interrupted", e);
        } finally {
            stop.set(true);
        }
        return n;
    }

    /**
     * Sequences per range a replay reader reads at a time: each range is one query, and the store scans more than the
     * range to find it (DuckDB filters whole row groups). Since the inputs are made as the rows arrive, a range in
     * flight holds only its inputs, so ranges can be this large without the collector copying much (10 M-event rebuild:
     * 22.1–22.7 s with 16,384, 23.7–23.8 s with 4,096, 22.5–23.9 s with 30,720).
     */
    private static final long REPLAY_RANGE = 16_384;

    /** One range of stored events, read for resolution. */
    private record ReadRange(long[] sequences, IdentityInput[] inputs) {
    }

    /**
     * The identity inputs of the events in [{@code from}, {@code to}), each made as soon as its event is read (while the
     * event's bytes are still in the core's cache), put in place by sequence whatever order they come in.
     */
    private ReadRange readRange(EventStore.RangeReader scans, long from, long to) {
        IdentityInput[] at = new IdentityInput[(int) (to - from)];
        scans.visitRange(from, to, (sequence, e) -> at[(int) (sequence - from)] = extractor.input(e));
        int count = 0;
        for (IdentityInput in : at) {
            count += in == null ? 0 : 1;
        }
        long[] sequences = new long[count];
        IdentityInput[] inputs = new IdentityInput[count];
        int k = 0;
        for (int i = 0; i < at.length; i++) {
            if (at[i] != null) {
                sequences[k] = from + i;
                inputs[k++] = at[i];
            }
        }
        return new ReadRange(sequences, inputs);
    }

    /** The latest alerts, newest last. */
    public List<IdentityAlert> recentAlerts() {
        synchronized (recentAlerts) {
            return new ArrayList<>(recentAlerts);
        }
    }

    public Map<IdentityAlert.Kind, Long> alertCounts() {
        synchronized (recentAlerts) {
            return Map.copyOf(alertCounts);
        }
    }
}
