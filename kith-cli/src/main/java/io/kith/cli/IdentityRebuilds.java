package io.kith.cli;

import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesStore;
import io.kith.profile.api.IdentityRebuild;
import io.kith.profile.api.ProfileRoutes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that puts changed identity overrides in force: a change is saved in the store at once and a
 * rebuild queued, which one worker thread runs with the newest saved overrides. At most one rebuild waits: changes saved
 * meanwhile join it, so several changes made in a row cost one rebuild. The rebuild itself ({@link Rebuild}, identity's
 * own) builds a new graph while lookups go on against the old one. Thread-safe.
 */
final class IdentityRebuilds implements ProfileRoutes.OverridesChanges, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityRebuilds.class);
    /** Finished rebuilds kept to be asked about. */
    private static final int KEEP = 100;

    /** Resolves every stored event again with these overrides; returns the number of events replayed. */
    @FunctionalInterface
    interface Rebuild {
        long run(IdentityOverrides overrides);
    }

    private final OverridesStore store;
    private final Rebuild rebuild;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, IdentityRebuild> known = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IdentityRebuild> eldest) {
            return size() > KEEP && eldest.getValue().finished();
        }
    };
    private final Thread worker;
    /** The rebuild waiting for the worker, or null. */
    private String queued;
    /** The newest overrides version in force, or queued or running to be. */
    private long wanted;
    private volatile long inForce;
    private boolean closed;

    /** @param inForce the version of the overrides identity was built with */
    IdentityRebuilds(OverridesStore store, long inForce, Rebuild rebuild, Clock clock) {
        this.store = store;
        this.rebuild = rebuild;
        this.clock = clock;
        this.inForce = inForce;
        this.wanted = inForce;
        this.worker = Thread.ofPlatform().name("kith-identity-rebuild").daemon().start(this::work);
    }

    @Override
    public IdentityRebuild submit(UnaryOperator<IdentityOverrides> change) {
        return enqueue(store.update(change).version());
    }

    @Override
    public Optional<IdentityRebuild> rebuild(String id) {
        synchronized (lock) {
            return Optional.ofNullable(known.get(id));
        }
    }

    /** Queues a rebuild when another process saved overrides newer than those in force or on their way. */
    void adopt(long version) {
        synchronized (lock) {
            if (version <= wanted) {
                return;
            }
        }
        LOG.info("identity overrides changed in the store version={}; rebuilding", version);
        enqueue(version);
    }

    /**
     * Resolves every stored event again with the newest saved overrides (after an erasure deleted events and blanked
     * stored overrides), in turn with the other rebuilds, and waits until it is in force.
     */
    void rebuildNowAndWait(java.time.Duration timeout) throws InterruptedException {
        long version;
        synchronized (lock) {
            version = wanted;
        }
        IdentityRebuild r = enqueue(version);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            IdentityRebuild now = rebuild(r.id()).orElseThrow();
            if (now.status() == IdentityRebuild.Status.DONE) {
                return;
            }
            if (now.status() == IdentityRebuild.Status.FAILED) {
                throw new io.kith.error.KithException(io.kith.error.ErrorCode.INTERNAL, "the identity rebuild " + r.id() + " failed");
            }
            if (System.nanoTime() > deadline) {
                throw new io.kith.error.KithException(io.kith.error.ErrorCode.INTERNAL, "the identity rebuild " + r.id() + " took longer than " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** The version of the overrides identity resolves with now. */
    long inForce() {
        return inForce;
    }

    private IdentityRebuild enqueue(long version) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("identity rebuilds are closed");
            }
            wanted = Math.max(wanted, version);
            IdentityRebuild r = queued == null ? IdentityRebuild.queued("rb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), version)
                    : known.get(queued).joined(version);
            known.put(r.id(), r);
            queued = r.id();
            lock.notifyAll();
            return r;
        }
    }

    private void work() {
        while (true) {
            IdentityRebuild next;
            synchronized (lock) {
                while (queued == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = known.get(queued);
                queued = null;
            }
            run(next);
        }
    }

    private void run(IdentityRebuild job) {
        IdentityRebuild r = job;
        try {
            OverridesStore.Versioned current = store.current(); // the newest: changes saved since it was queued come along
            r = update(job.running(current.version(), clock.instant()));
            long t0 = System.nanoTime();
            long replayed = rebuild.run(current.overrides());
            inForce = Math.max(inForce, current.version());
            r = update(r.done(replayed, clock.instant()));
            LOG.info("identity rebuilt with new overrides id={} overridesVersion={} events={} millis={}", r.id(), current.version(), replayed,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            // The graph in force stays the old one; the next change, or a restart, rebuilds with the saved overrides.
            update(r.failed(String.valueOf(e.getMessage()), clock.instant()));
            LOG.warn("identity rebuild failed id={}; the previous overrides stay in force: {}", r.id(), e.getMessage(), e);
        }
    }

    private IdentityRebuild update(IdentityRebuild r) {
        synchronized (lock) {
            known.put(r.id(), r);
        }
        return r;
    }

    /** Stops the worker; a rebuild running finishes first (up to 30 seconds). The saved overrides are rebuilt at the next start. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
