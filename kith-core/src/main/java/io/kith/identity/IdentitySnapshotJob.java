package io.kith.identity;

import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.projection.ProjectionListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a process's identity snapshot recent: saves one once {@code everyEvents} events were applied since the last and
 * {@code minInterval} has passed, and one when asked at a clean shutdown. It writes on the thread that applies events
 * to identity — as a projector listener registered after the projection, or called by the thread that follows a shared
 * store — so the graph does not change under it and no lock is taken: lookups go on, only the next batch waits for it.
 * A snapshot that fails is logged and skipped; it never holds the projector up. Thread-safe: {@link #forget} (an
 * erasure's thread) waits for a save under way, so a save never outlives the forgetting.
 */
public final class IdentitySnapshotJob implements ProjectionListener {
    private static final Logger LOG = Logger.getLogger(IdentitySnapshotJob.class.getName());

    private final IdentityProjection identity;
    private final EventStore store;
    private final IdentitySnapshots snapshots;
    private final long everyEvents;
    private final Duration minInterval;
    private final Clock clock;
    /** The sequence of the last snapshot saved or loaded (-1: none, or forgotten). */
    private final AtomicLong saved;
    /** The overrides it was made under: a rebuild with others (an un-merge) needs a new one at the same sequence. */
    private volatile IdentityOverrides savedOverrides;
    private volatile Instant lastTry;

    /** @param savedAt the sequence of the snapshot a start loaded, or -1 */
    public IdentitySnapshotJob(IdentityProjection identity, EventStore store, IdentitySnapshots snapshots, long everyEvents,
                               Duration minInterval, Clock clock, long savedAt) {
        this.identity = identity;
        this.store = store;
        this.snapshots = snapshots;
        this.everyEvents = everyEvents;
        this.minInterval = minInterval;
        this.clock = clock;
        this.saved = new AtomicLong(savedAt);
        this.savedOverrides = identity.overrides();
        this.lastTry = clock.instant();
    }

    @Override
    public void onApplied(List<StoredEvent> events) {
        saveIfDue();
    }

    /** Saves a snapshot when enough events and time passed since the last; on the thread that applies events. */
    public void saveIfDue() {
        long at = identity.read(IdentityGraph::lastSequence);
        if (at - saved.get() < everyEvents || clock.instant().isBefore(lastTry.plus(minInterval))) {
            return;
        }
        lastTry = clock.instant();
        saveNow();
    }

    /**
     * Deletes the saved snapshot (see {@link IdentitySnapshots#forget}): an erasure's or a retention pass's, once identity
     * no longer holds what they removed. The next {@link #saveNow} writes a new one, whatever its sequence.
     */
    public synchronized void forget() {
        saved.set(-1);
        snapshots.forget();
    }

    /**
     * Saves a snapshot of the graph as it is now, unless the last one already holds it (same sequence, same overrides);
     * on the thread that applies events, or once none is applied any more (at shutdown).
     *
     * @return the sequence saved at, or -1 when none was saved
     */
    public synchronized long saveNow() {
        long at = identity.read(IdentityGraph::lastSequence);
        IdentityOverrides overrides = identity.overrides();
        if (at < 0 || at == saved.get() && overrides.equals(savedOverrides)) {
            return -1;
        }
        long t0 = System.nanoTime();
        long[] written = {-1};
        try {
            boolean ok = snapshots.save(out -> written[0] = identity.writeSnapshot(store, out));
            if (ok && written[0] >= 0) {
                saved.set(written[0]);
                savedOverrides = overrides;
                LOG.info(String.format("identity snapshot saved sequence=%d profiles=%d millis=%d", written[0],
                        identity.read(IdentityGraph::profileCount), (System.nanoTime() - t0) / 1_000_000));
                return written[0];
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the identity snapshot could not be saved; the next start rebuilds from an older one or from every event: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return -1;
    }
}
