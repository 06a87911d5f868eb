package io.kith.projection;

import io.kith.error.ErrorCode;
import io.kith.error.ErrorKind;
import io.kith.error.KithException;
import io.kith.event.EventLog;
import io.kith.event.EventStore;
import io.kith.event.LogEntry;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the event log and keeps the {@link EventStore} (and its listeners) in step with it, exactly once:
 * each batch is stored together with the log position it reaches, and a restart resumes from that position.
 *
 * <p>Duplicates — a client's retry that put the same (source, messageId) in the log twice — are dropped by the
 * store, which alone knows every stored event (on a shared store, those of every server). A record that cannot
 * be decoded is turned into a quarantine row (terminal for that record, never for the projector); a storage
 * failure is retried with backoff (it may be transient).
 *
 * <p>{@link #runOnce()} is the core operation; {@link #start()} runs it on a background thread. Not for
 * concurrent use by several threads beyond that.
 */
public final class Projector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Projector.class.getName());

    private final EventLog log;
    private final EventStore store;
    private final LogRecordCodec codec;
    private final int batchSize;
    private final List<ProjectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();
    private volatile long applied;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KithException lastFailure;
    /** Writes planned batches into the store beside the listeners (its one thread starts with the first batch). */
    private final java.util.concurrent.ExecutorService writer =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("kith-projector-store").daemon().unstarted(r));

    public Projector(EventLog log, EventStore store, LogRecordCodec codec, int batchSize) {
        this.log = log;
        this.store = store;
        this.codec = codec;
        this.batchSize = batchSize;
        this.applied = store.appliedSequence();
    }

    public void addListener(ProjectionListener listener) {
        listeners.add(listener);
    }

    /** One past the last log sequence the store holds. */
    public long appliedSequence() {
        return applied;
    }

    /** Applies the records waiting in the log, batch by batch; returns how many log records it consumed. */
    public int runOnce() {
        int total = 0;
        while (true) {
            List<LogEntry> entries = log.read(applied, batchSize);
            if (entries.isEmpty()) {
                return total;
            }
            List<StoredEvent> events = new ArrayList<>(entries.size());
            List<QuarantinedEvent> quarantined = new ArrayList<>();
            for (LogEntry entry : entries) {
                LogRecord record;
                try {
                    record = codec.decode(entry.payload());
                } catch (KithException e) {
                    quarantined.add(new QuarantinedEvent("q_log_" + entry.sequence(), null, Instant.EPOCH,
                            new Rejection(ErrorCode.STORAGE_FAILURE, "log[" + entry.sequence() + "]", e.getMessage()),
                            new String(entry.payload(), java.nio.charset.StandardCharsets.UTF_8)));
                    continue;
                }
                switch (record) {
                    case LogRecord.Accepted a -> events.add(new StoredEvent(entry.sequence(), a.event()));
                    case LogRecord.Quarantined q -> quarantined.add(q.event());
                }
            }
            long to = entries.get(entries.size() - 1).sequence() + 1;
            java.util.Optional<List<StoredEvent>> planned = store.plan(events);
            List<StoredEvent> stored;
            if (planned.isPresent()) {
                // The store writes the batch on its own thread while the listeners (identity) take the plan on this
                // one: the batch costs the longer of the two, not their sum. The next batch waits for this write.
                java.util.concurrent.Future<List<StoredEvent>> writing = writer.submit(() -> store.apply(events, quarantined, to));
                RuntimeException listenerFailure = null;
                try {
                    for (ProjectionListener l : listeners) {
                        l.onPlanned(planned.get());
                    }
                } catch (RuntimeException e) {
                    listenerFailure = e;
                }
                stored = await(writing, to);
                applied = to;
                if (listenerFailure != null) {
                    throw listenerFailure;
                }
            } else {
                stored = store.apply(events, quarantined, to);
                applied = to;
            }
            for (ProjectionListener l : listeners) {
                l.onApplied(stored);
            }
            synchronized (progress) {
                progress.notifyAll();
            }
            total += entries.size();
        }
    }

    private static List<StoredEvent> await(java.util.concurrent.Future<List<StoredEvent>> writing, long to) {
        try {
            return writing.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KithException(ErrorCode.INTERNAL, "storing log records up to " + to + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KithException(ErrorCode.INTERNAL, "interrupted while storing log records up to " + to, e);
        }
    }

    /** Starts following the log on a background thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("kith-projector").daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                int n = runOnce();
                lastFailure = null;
                if (n == 0) {
                    // Woken by the log's next commit; the timeout only bounds how long close() waits for this loop.
                    log.awaitEnd(applied, 50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KithException e) {
                lastFailure = e;
                if (e.kind() == ErrorKind.INTERNAL || e.code() == ErrorCode.STORAGE_FAILURE) {
                    LOG.log(Level.WARNING, "projection failed at log sequence " + applied + "; retrying: " + e.getMessage(), e);
                }
                sleepQuietly(500);
            } catch (RuntimeException e) {
                lastFailure = new KithException(ErrorCode.INTERNAL, e.toString(), e);
                LOG.log(Level.SEVERE, "projection failed at log sequence " + applied + "; retrying", e);
                sleepQuietly(1000);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The failure of the last attempt, if the projector is currently failing. */
    public java.util.Optional<KithException> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    /**
     * Waits until the store holds every log record before {@code sequence}.
     *
     * @return true when reached, false on timeout
     */
    public boolean awaitApplied(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied < sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            // No interrupt: an interrupt that lands in a FileChannel read closes the channel under every
            // other user of the log. The loop sees the flag within one short sleep or one batch.
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.shutdown(); // no interrupt: the store's thread may be in the middle of a write
    }
}
