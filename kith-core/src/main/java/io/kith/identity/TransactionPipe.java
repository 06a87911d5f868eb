package io.kith.identity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * How {@link IdentityStoreWriter} hands one flush's store transactions over: applied at once on the caller's thread, or
 * — for a flush of several transactions — on the writer's store thread, in order, while the caller reads the next one
 * out of the graph. One transaction is written while the next is read; the one after waits for the first to be
 * written, so a flush holds two transactions at most.
 *
 * <p>Why: the writer's thread did both halves one after the other. JFR on {@code bench rebuild} (3 M events, the 496,117
 * profiles of a catch-up written in 35 s) put about a third of its time in reading the graph (the profiles' snapshots,
 * their decisions and events) and the rest in the store (DuckDB's appender and commits), each waiting for the other while
 * the second core had little to do: every other follower holds while the rows catch up ({@code RowsCatchUp}). Measured
 * with the same bench at 3 M events, together with the followers' hold during rebuilds: the rows rewritten after an
 * identity rebuild 16.7–21.4 s against 28.3–39.2 s; after a
 * catch-up, no gain (25.0–28.8 s against 28.7 s: the store's half is three quarters of the writer's CPU there, and
 * DuckDB's checkpoint threads take the second core).
 *
 * <p>A failed transaction fails the flush: nothing of the flush is applied after it ({@link #apply} and {@link #finish}
 * throw its failure), so the writer gives the flush's changes back to the projection, as when a transaction fails on the
 * caller's thread. {@link #close} waits for what is in flight, so that nothing of a flush is applied after it returns or
 * throws (the next flush may carry the same profiles). Not for concurrent use.
 */
final class TransactionPipe implements AutoCloseable {
    /** One store transaction, as {@link IdentityStore#apply} takes it. */
    record Transaction(List<IdentityStore.StoredProfile> changed, Map<String, String> mergedInto, IdentityStore.EventAssignments events,
                       long toSequence) {
    }

    private final IdentityStore store;
    /** The thread the transactions are applied on; null: the caller's. */
    private final ExecutorService thread;
    private Future<?> inFlight;

    /** @param thread a single thread, or null to apply each transaction on the caller's thread */
    TransactionPipe(IdentityStore store, ExecutorService thread) {
        this.store = store;
        this.thread = thread;
    }

    /** Applies the transaction, or hands it over once the one before is written; throws the failure of that one. */
    void apply(Transaction t) {
        if (thread == null) {
            store.apply(t.changed(), t.mergedInto(), t.events(), t.toSequence());
            return;
        }
        awaitInFlight();
        inFlight = thread.submit(() -> store.apply(t.changed(), t.mergedInto(), t.events(), t.toSequence()));
    }

    /** Waits until every transaction handed over is written; throws the failure of the last. */
    void finish() {
        awaitInFlight();
    }

    @Override
    public void close() {
        try {
            awaitInFlight();
        } catch (RuntimeException | Error alreadyFailing) {
            // the flush is failing already (or finish() threw this): only waiting was asked here
        }
    }

    private void awaitInFlight() {
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // a transaction takes seconds at most: wait for it, nothing may be applied after
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
