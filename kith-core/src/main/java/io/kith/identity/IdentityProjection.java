package io.kith.identity;

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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    static final int CHUNK = 256;
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
        this.extractor = new IdentifierExtractor(rules, id -> sources.apply(id).region());
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

    @Override
    public void onApplied(List<StoredEvent> events) {
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
                graph.resolve(sequences, inputs, count);
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
        fresh.trackChangesFrom(keepStoredBefore);
        synchronized (recentAlerts) {
            recentAlerts.clear();
            alertCounts.clear();
        }
        long replayed = replay(store, fresh, 0);
        lock.writeLock().lock();
        try {
            replayed += replay(store, fresh, fresh.lastSequence() + 1);
            graph = fresh;
            overrides = newOverrides;
            rewriteAll = keepStoredBefore == 0;
        } finally {
            lock.writeLock().unlock();
        }
        return replayed;
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
     * Applies every stored event from {@code from} on to {@code g}. Reading and decoding the events (the store's I/O and
     * JSON parsing, as costly as resolution itself) runs on a second thread, a few batches ahead, so a rebuild keeps
     * two cores busy.
     */
    private long replay(EventStore store, IdentityGraph g, long from) {
        BlockingQueue<List<StoredEvent>> ready = new ArrayBlockingQueue<>(4);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().name("kith-identity-replay-reader").daemon().start(() -> {
            long next = from;
            try {
                while (!stop.get()) {
                    List<StoredEvent> batch = store.scan(next, 10_000);
                    while (!stop.get() && !ready.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        // the resolver is behind; wait for room
                    }
                    if (batch.isEmpty()) {
                        return;
                    }
                    next = batch.get(batch.size() - 1).sequence() + 1;
                }
            } catch (RuntimeException e) {
                failure.set(e);
                ready.offer(List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long n = 0;
        try {
            while (true) {
                List<StoredEvent> batch = ready.poll(100, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    if (!reader.isAlive() && ready.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (batch.isEmpty()) {
                    break;
                }
                long[] sequences = new long[batch.size()];
                IdentityInput[] inputs = new IdentityInput[batch.size()];
                for (int k = 0; k < sequences.length; k++) {
                    sequences[k] = batch.get(k).sequence();
                    inputs[k] = extractor.input(batch.get(k).event());
                }
                g.resolve(sequences, inputs, sequences.length);
                n += batch.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KithException(ErrorCode.INTERNAL, "identity replay interrupted", e);
        } finally {
            stop.set(true);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return n;
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
