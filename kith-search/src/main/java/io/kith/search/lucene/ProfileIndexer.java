package io.kith.search.lucene;

import io.kith.feed.ProfileChange;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.projection.CatchUp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;

/**
 * The index's own thread: writes the profiles identity's change feed names into the index, reading each from the graph
 * as it is now, and makes them searchable. The feed's subscriber only records which profiles to read again
 * ({@link #offer}), so the projector's thread never waits on Lucene.
 *
 * <p>Reading a profile's current state, not applying the change, makes the order of changes irrelevant and every
 * re-index idempotent: a profile merged away no longer reads as itself (the graph answers with the survivor), so its
 * document is deleted. A full pass (at start, after a {@code Rebuilt}, or when more profiles are pending than a pass
 * costs) writes every live profile with a new epoch, then deletes the documents of older epochs: searches meanwhile see
 * the old documents, never an empty index. A full pass under way waits while identity is rebuilt, and gives way to the
 * one the rebuild asks for.
 */
final class ProfileIndexer implements Runnable {
    private static final Logger LOG = Logger.getLogger(ProfileIndexer.class.getName());
    /** Profiles read per read lock: short enough that resolution is not held up, long enough to amortise the lock. */
    static final int CHUNK = 1_024;
    /** Above this many pending profiles a full pass replaces reading them one by one (and bounds the pending set). */
    private static final int FULL_PASS_ABOVE = 200_000;

    private final IdentityProjection identity;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Set<String> typesSeen;
    private final Object lock = new Object();
    private Set<String> pending = new HashSet<>();
    private boolean fullPass = true;
    private long pendingThrough = -1;
    private volatile long indexedThrough = -1;
    private volatile boolean built;
    private volatile boolean closed;
    private long epoch;
    /**
     * Whether the projector is far behind the log (a start after downtime, a burst): the changes then wait for it to catch
     * up ({@link CatchUp}), so that a profile touched many times is indexed once and the cores go to the projector.
     * Measured with JFR on {@code bench rebuild} (1 M events) when the index wrote after every batch: the index and its
     * merges took 35–45 % of the process's Java CPU while the projector caught up, the projector itself 15–25 %; writing
     * once a second still took 14.3 s of CPU per minute of the 10 M-event catch-up of {@code bench erasure}.
     */
    private final CatchUp catchUp;
    /** When the oldest change not yet written came (under {@link #lock}; {@link System#nanoTime()}). */
    private long pendingSince = System.nanoTime();
    /** Passes written (each one refresh of the searchers). */
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();

    ProfileIndexer(IdentityProjection identity, IndexWriter writer, SearcherManager searchers, Set<String> typesSeen,
                   CatchUp catchUp) {
        this.identity = identity;
        this.writer = writer;
        this.searchers = searchers;
        this.typesSeen = typesSeen;
        this.catchUp = catchUp;
    }

    /** The feed's subscriber: notes the profiles to read again, nothing more (it runs on the projector's thread). */
    void offer(List<ProfileChange> changes) {
        synchronized (lock) {
            if (pending.isEmpty() && !fullPass) {
                pendingSince = System.nanoTime();
            }
            for (ProfileChange c : changes) {
                c.addProfilesTo(pending);
                if (c instanceof ProfileChange.Rebuilt) {
                    fullPass = true;
                }
                pendingThrough = Math.max(pendingThrough, c.sequence());
            }
            if (pending.size() > FULL_PASS_ABOVE) {
                fullPass = true;
            }
            if (fullPass) {
                pending = new HashSet<>();
            }
            lock.notifyAll();
        }
    }

    /** The store sequence up to which the changes of the feed are searchable (-1 before the first pass ends). */
    long indexedThrough() {
        return indexedThrough;
    }

    boolean built() {
        return built;
    }

    /** Waits until {@code done} holds (checked after each batch the thread makes searchable), at most {@code timeout}. */
    boolean await(java.util.function.BooleanSupplier done, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return done.getAsBoolean();
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Passes written so far: each wrote the changes pending at its start and refreshed the searchers once. */
    long passes() {
        return passes.get();
    }

    void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        while (!closed) {
            Set<String> ids;
            boolean all;
            long through;
            synchronized (lock) {
                while (!closed && !fullPass && pending.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                // While the projector catches up, the changes wait (not the first build: search answers nothing before it).
                // Offers keep adding to pending meanwhile and each wakes this wait, so the hold is checked again at each
                // wake against the time the oldest change came, not restarted (a pause that the next batch's offer ended
                // wrote a pass per batch until bench rebuild's CPU per thread showed it).
                while (!closed && built && catchUp.holds(pendingSince)) {
                    try {
                        lock.wait(100); // the catch-up's end is not signalled: looked at ten times a second
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                all = fullPass;
                ids = pending;
                through = pendingThrough;
                fullPass = false;
                pending = new HashSet<>();
            }
            try {
                if (all) {
                    java.util.OptionalLong done = fullPass();
                    if (done.isEmpty()) {
                        continue; // given up for the full pass asked meanwhile, which the next turn writes
                    }
                    through = Math.max(through, done.getAsLong());
                } else {
                    reindex(new ArrayList<>(ids));
                }
                searchers.maybeRefreshBlocking();
                passes.incrementAndGet();
                built |= all;
                indexedThrough = Math.max(indexedThrough, through);
                synchronized (lock) {
                    lock.notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // Counts and the error only: the profiles' identifiers are personal data.
                LOG.log(Level.WARNING, "search index: writing " + (all ? "every profile" : ids.size() + " profiles") + " failed; retrying in 1 s", e);
                synchronized (lock) {
                    fullPass |= all;
                    if (!all) {
                        pending.addAll(ids);
                    }
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Writes every live profile under a new epoch, then deletes what is older; returns the graph's last sequence at its
     * start, or nothing when the pass was given up ({@link #superseded}).
     */
    private java.util.OptionalLong fullPass() throws IOException {
        long started = System.nanoTime();
        epoch++;
        boolean empty = writer.getDocStats().numDocs == 0 && epoch == 1;
        // Every change up to here is in what the pass reads; those after it are pending and are written again after it.
        long through = identity.read(IdentityGraph::lastSequence);
        long cursor = -1;
        long count = 0;
        while (!closed) {
            long after = cursor;
            List<Profile> chunk = identity.read(g -> {
                List<String> ids = g.profileIds(after, CHUNK);
                List<Profile> profiles = new ArrayList<>(ids.size());
                for (String id : ids) {
                    g.profile(id).ifPresent(profiles::add);
                }
                return profiles;
            });
            if (chunk.isEmpty()) {
                break;
            }
            for (Profile p : chunk) {
                write(p, empty);
            }
            count += chunk.size();
            cursor = IdentityGraph.createdSequence(chunk.get(chunk.size() - 1).id());
            if (built && superseded(started)) {
                return java.util.OptionalLong.empty();
            }
        }
        writer.deleteDocuments(LongPoint.newRangeQuery(ProfileDocuments.EPOCH, Long.MIN_VALUE, epoch - 1));
        if (count >= 10_000) {
            LOG.info(String.format("search index: %,d profiles written in %,d ms", count, (System.nanoTime() - started) / 1_000_000));
        }
        return java.util.OptionalLong.of(through);
    }

    /**
     * Between two chunks of a full pass (not the first build: search answers nothing before it), waits while the followers
     * hold — an identity rebuild under way, a catch-up; at most {@link CatchUp#maxHold()} from the pass's start
     * ({@code since}), so that a load the projector never catches up with cannot stop the pass — and answers whether a
     * newer full pass was asked meanwhile: a
     * rebuild's {@code Rebuilt} asks for one, which writes every profile again, so this one is given up where it stands.
     * Its documents carry its epoch; the next pass replaces each and deletes what is older.
     *
     * <p>Why: a full pass of 1.65 M profiles takes 65–90 s at 10 M events, and one under way did not stop for a rebuild.
     * {@code bench rebuild --again} at 10 M events started a second rebuild as the first one's passes began: it took
     * 64.5 s against 51.0 s when those passes had started earlier, and the passes it overlapped were then written again.
     */
    private boolean superseded(long since) {
        synchronized (lock) {
            while (!closed && !fullPass && catchUp.holds(since)) {
                try {
                    lock.wait(100); // the hold's end is not signalled: looked at ten times a second
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return fullPass;
        }
    }

    /** Writes these profiles as the graph holds them now; an id that no longer reads as itself (merged away, gone) is deleted. */
    private void reindex(List<String> ids) throws IOException {
        for (int from = 0; from < ids.size() && !closed; from += CHUNK) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            List<Optional<Profile>> now = identity.read(g -> {
                List<Optional<Profile>> out = new ArrayList<>(part.size());
                for (String id : part) {
                    out.add(g.profile(id));
                }
                return out;
            });
            for (int i = 0; i < part.size(); i++) {
                Optional<Profile> p = now.get(i);
                if (p.isPresent() && p.get().id().equals(part.get(i))) {
                    write(p.get(), false);
                } else {
                    writer.deleteDocuments(new Term(ProfileDocuments.ID, part.get(i)));
                }
            }
        }
    }

    private void write(Profile p, boolean add) throws IOException {
        for (var i : p.identifiers()) {
            typesSeen.add(i.type());
        }
        if (add) {
            writer.addDocument(ProfileDocuments.document(p, epoch));
        } else {
            writer.updateDocument(new Term(ProfileDocuments.ID, p.id()), ProfileDocuments.document(p, epoch));
        }
    }
}
