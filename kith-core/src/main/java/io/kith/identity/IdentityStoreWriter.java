package io.kith.identity;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps an {@link IdentityStore} in step with an {@link IdentityProjection}: each {@link #flush()} writes the
 * profiles that changed since the last one, with the merges that removed others. A background job calls it; so does
 * shutdown. A flush of several store transactions writes them on a thread of the writer's own ({@link TransactionPipe})
 * while it reads the next; {@link #close} ends that thread. Not for concurrent use.
 */
public final class IdentityStoreWriter {
    /** Profiles read from the graph per read lock (short, so that resolution is never held up for long). */
    static final int CHUNK = 2_000;
    /**
     * Profiles written per store transaction: large, because a transaction that replaces profile rows costs a scan of
     * each table however few profiles it carries (DuckDB deletes by scanning).
     */
    static final int TRANSACTION = 20_000;

    private final IdentityProjection identity;
    private final IdentityStore store;
    /** Profiles per store transaction: {@link #TRANSACTION}, smaller in tests. */
    private final int transaction;
    /** The thread a flush of several transactions writes them on ({@link TransactionPipe}); made by the first such flush. */
    private java.util.concurrent.ExecutorService storeThread;

    public IdentityStoreWriter(IdentityProjection identity, IdentityStore store) {
        this(identity, store, TRANSACTION);
    }

    IdentityStoreWriter(IdentityProjection identity, IdentityStore store, int transaction) {
        if (transaction < 1) {
            throw new IllegalArgumentException("a transaction carries at least one profile: " + transaction);
        }
        this.identity = identity;
        this.store = store;
        this.transaction = transaction;
    }

    /**
     * Writes what changed; returns the number of profiles written. When the store fails, the changes go back to the
     * projection and the failure to the caller: the next flush writes them (nothing is forgotten while Kith runs).
     */
    public int flush() {
        IdentityProjection.Changes c = identity.drainChanges();
        try {
            return write(c);
        } catch (RuntimeException e) {
            identity.restoreChanges(c);
            throw e;
        }
    }

    private int write(IdentityProjection.Changes c) {
        long stored = store.appliedSequence();
        if (c.clearFirst()) {
            store.clear();
            stored = 0;
        }
        if (c.profileIds().isEmpty() && c.toSequence() <= stored) {
            return 0;
        }
        // A merge in this window removes the absorbed profile, which may have had no event of its own since.
        long windowFrom = stored;
        long windowTo = c.toSequence();
        List<String> ids = survivors(c.profileIds());
        // The events of the window already given a profile in this flush: a profile written in one transaction and merged
        // into one written in a later one holds them again there (its row plus the merge's alias already place them).
        java.util.BitSet assigned = new java.util.BitSet();
        int written = 0;
        // Each transaction is read out of the graph while the one before is written (TransactionPipe).
        try (TransactionPipe pipe = new TransactionPipe(store, ids.size() > transaction ? storeThread() : null)) {
            for (int from = 0; from < ids.size() || from == 0; from += transaction) {
                int to = Math.min(ids.size(), from + transaction);
                Map<String, String> mergedInto = new HashMap<>();
                List<IdentityStore.StoredProfile> changed = new ArrayList<>(to - from);
                Map<String, LongArrayList> events = new HashMap<>();
                for (int at = from; at < to || at == from; at += CHUNK) {
                    List<String> chunk = ids.subList(at, Math.min(to, at + CHUNK));
                    changed.addAll(identity.read(g -> snapshots(g, chunk, windowFrom, windowTo, mergedInto, events)));
                    if (chunk.isEmpty()) {
                        break;
                    }
                }
                // Resolution goes on between the chunks' reads: a profile read twice is written as read last, and one that a
                // later chunk shows merged away is gone (merges are never undone within a graph; an un-merge is a rebuild).
                Map<String, IdentityStore.StoredProfile> once = new java.util.LinkedHashMap<>();
                for (IdentityStore.StoredProfile p : changed) {
                    once.put(p.profile().id(), p);
                }
                once.keySet().removeAll(mergedInto.keySet());
                pipe.apply(new TransactionPipe.Transaction(new ArrayList<>(once.values()), mergedInto,
                        assignments(once.keySet(), events, windowFrom, assigned), c.toSequence()));
                written += once.size();
            }
            pipe.finish();
        }
        return written;
    }

    private java.util.concurrent.ExecutorService storeThread() {
        if (storeThread == null) {
            // one long-lived thread rather than one per flush: a thread that ended no longer shows in /proc, where
            // bench rebuild reads the CPU of each thread
            storeThread = java.util.concurrent.Executors.newSingleThreadExecutor(
                    r -> Thread.ofPlatform().name("kith-profile-store").daemon().unstarted(r));
        }
        return storeThread;
    }

    /** Ends the store thread, if a flush made one; a flush after this makes another. */
    public void close() {
        if (storeThread != null) {
            storeThread.shutdown();
            storeThread = null;
        }
    }

    /**
     * The live profiles the changed ids belong to now, each once: an id merged away since it changed is written as (part
     * of) its survivor, whose decisions carry the merge. Without this, a survivor named by several changed ids would be
     * written in several transactions, each rewrite deleting the last.
     */
    private List<String> survivors(List<String> changed) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(changed.size() * 2);
        for (int from = 0; from < changed.size(); from += CHUNK * 10) {
            List<String> chunk = changed.subList(from, Math.min(changed.size(), from + CHUNK * 10));
            identity.read(g -> {
                for (String id : chunk) {
                    g.canonical(id).ifPresent(out::add);
                }
                return null;
            });
        }
        return new ArrayList<>(out);
    }

    /**
     * The window's events of the profiles written, each once in the flush, by sequence. A profile read in an earlier
     * chunk and merged away by a later one is not written, and its events go with the survivor that holds them now.
     */
    private static IdentityStore.EventAssignments assignments(java.util.Collection<String> written, Map<String, LongArrayList> events,
                                                              long windowFrom, java.util.BitSet assigned) {
        int n = 0;
        for (String id : written) {
            LongArrayList e = events.get(id);
            n += e == null ? 0 : e.size();
        }
        long[] sequences = new long[n];
        String[] owners = new String[n];
        int k = 0;
        for (String id : written) {
            LongArrayList e = events.get(id);
            if (e == null) {
                continue;
            }
            for (int i = 0; i < e.size(); i++) {
                long seq = e.getLong(i);
                int bit = Math.toIntExact(seq - windowFrom);
                if (!assigned.get(bit)) {
                    assigned.set(bit);
                    sequences[k] = seq;
                    owners[k] = id;
                    k++;
                }
            }
        }
        long[] seqs = Arrays.copyOf(sequences, k);
        String[] ids = Arrays.copyOf(owners, k);
        it.unimi.dsi.fastutil.Arrays.quickSort(0, k, (a, b) -> Long.compare(seqs[a], seqs[b]), (a, b) -> {
            long s = seqs[a];
            seqs[a] = seqs[b];
            seqs[b] = s;
            String o = ids[a];
            ids[a] = ids[b];
            ids[b] = o;
        });
        return new IdentityStore.EventAssignments(seqs, ids);
    }

    private static List<IdentityStore.StoredProfile> snapshots(IdentityGraph g, List<String> ids, long windowFrom, long windowTo,
                                                               Map<String, String> mergedInto, Map<String, LongArrayList> events) {
        Set<String> survivors = new LinkedHashSet<>();
        for (String id : ids) {
            g.canonical(id).ifPresent(survivor -> {
                survivors.add(survivor);
                if (!survivor.equals(id)) {
                    mergedInto.put(id, survivor);
                }
            });
        }
        List<IdentityStore.StoredProfile> out = new ArrayList<>(survivors.size());
        for (String id : survivors) {
            g.profile(id).ifPresent(p -> {
                List<Decision> decisions = g.explain(id);
                for (Decision d : decisions) {
                    if (d instanceof Decision.Merged m && m.sequence() >= windowFrom) {
                        mergedInto.put(m.absorbed(), id);
                    }
                }
                out.add(new IdentityStore.StoredProfile(p, decisions));
                LongArrayList own = new LongArrayList();
                g.eventSequences(id, windowFrom, windowTo, own);
                events.put(id, own);
            });
        }
        mergedInto.keySet().removeAll(survivors);
        return out;
    }
}
