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
 * <p>No record can stop the projector. When a batch fails in the store, it is tried in halves, down to single records; a record
 * that fails alone {@value #SET_ASIDE_AFTER} times in a row is <em>set aside</em>, if the store takes a quarantine row in its place: kept
 * in the quarantine with the failure ({@link ErrorCode#PROJECTION_FAILED}, path {@code log[N]}), counted, and passed
 * over. A store that does not answer at all is retried, never blamed on a record. A listener that fails (identity) holds
 * the projector at that batch: the committed events are handed to it again until it takes them, and
 * {@link #lastFailure()} says so meanwhile.
 *
 * <p>With a store that plans ({@link EventStore#plan}), a batch is written on the store's own thread while this one hands
 * its plan to the listeners and reads, decodes and plans the next batch on top of it (not while the log grows faster
 * than {@link #YIELD_ABOVE} records a second: a burst keeps the cores for the requests). The listeners hear the next
 * batch planned only after this one is applied.
 *
 * <p>{@link #runOnce()} is the core operation; {@link #start()} runs it on a background thread. Not for
 * concurrent use by several threads beyond that.
 */
public final class Projector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Projector.class.getName());

    private final EventLog log;
    private final EventStore store;
    private final LogRecordCodec codec;
    private volatile java.util.function.Predicate<io.kith.event.Event> admit = e -> true;
    private final java.util.concurrent.atomic.AtomicLong suppressed = new java.util.concurrent.atomic.AtomicLong();
    private final int batchSize;
    private final List<ProjectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();
    private volatile long applied;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KithException lastFailure;
    /** When the current run of failures began (null while none). */
    private volatile Instant failingSince;
    private final java.time.Clock clock;
    /** A record that fails alone this many times, while the store answers, is set aside. */
    public static final int SET_ASIDE_AFTER = 3;
    /** Records before this log sequence are tried in smaller batches, {@link #isolateSize} at a time: a batch up to it failed. */
    private long isolateUntil;
    /** How many records a batch holds while isolating: halved at each failure, so a bad record is found in log2 steps. */
    private int isolateSize;
    /** The log sequence of the record that failed alone last, and how many times in a row. */
    private long failingSequence = -1;
    private int failingAttempts;
    private final java.util.concurrent.atomic.AtomicLong setAside = new java.util.concurrent.atomic.AtomicLong();
    /** Events the store committed that the listeners have not all taken yet, and the log position they reach. */
    private List<StoredEvent> undelivered;
    private long undeliveredTo;
    /**
     * Above this many records appended to the log per second (a burst at the acknowledged path), the projector does not
     * read the next batch while the store writes: its two threads would take both cores from the requests being answered.
     * Measured with {@code ./kith bench ingest} (projection running, ~150,000-190,000 events/s accepted): reading ahead
     * throughout raised the acknowledged path's p99 from 50-54 ms to 64-68 ms and cut what it accepted by a tenth. A
     * catch-up with the log quiet (a restart, the end of a burst) reads ahead.
     */
    static final long YIELD_ABOVE = 20_000;
    private final AppendRate appends;
    /** Writes planned batches into the store beside the listeners (its one thread starts with the first batch). */
    private final java.util.concurrent.ExecutorService writer =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("kith-projector-store").daemon().unstarted(r));

    public Projector(EventLog log, EventStore store, LogRecordCodec codec, int batchSize) {
        this(log, store, codec, batchSize, java.time.Clock.systemUTC());
    }

    /** @param clock tells since when the projector has been failing ({@link #failingSince()}) */
    public Projector(EventLog log, EventStore store, LogRecordCodec codec, int batchSize, java.time.Clock clock) {
        this.clock = clock;
        this.log = log;
        this.store = store;
        this.codec = codec;
        this.batchSize = batchSize;
        this.applied = store.appliedSequence();
        this.appends = new AppendRate(log::endSequence, System::nanoTime);
    }

    /**
     * Which events of the log are stored: the others (a suppressed person's, a retry of an erased event) are passed over
     * and counted, here as on the way in, so that a replay of the log brings back no one who was erased.
     */
    public void admit(java.util.function.Predicate<io.kith.event.Event> admit) {
        this.admit = admit;
    }

    /** Events of the log passed over by {@link #admit}. */
    public long suppressedCount() {
        return suppressed.get();
    }

    public void addListener(ProjectionListener listener) {
        listeners.add(listener);
    }

    /** One past the last log sequence the store holds. */
    public long appliedSequence() {
        return applied;
    }

    /** Records set aside since this projector started: they failed alone in the store (see the class comment). */
    public long setAsideCount() {
        return setAside.get();
    }

    /**
     * A batch read from the log and decoded: the events to store (with the store's plan of them, when it can say) and the
     * quarantine rows, covering log sequences up to {@code to} (exclusive).
     */
    private record Batch(List<LogEntry> entries, List<StoredEvent> events, List<QuarantinedEvent> quarantined, long suppressed,
                         java.util.Optional<List<StoredEvent>> planned, long to) {
    }

    /** Applies the records waiting in the log, batch by batch; returns how many log records it consumed. */
    public int runOnce() {
        int total = 0;
        if (undelivered != null) {
            deliver(undelivered, undeliveredTo);
        }
        Batch next = null;
        while (true) {
            boolean isolating = applied < isolateUntil;
            Batch batch = next != null ? next : read(applied, isolating);
            next = null;
            if (batch == null) {
                return total;
            }
            List<StoredEvent> stored;
            try {
                if (batch.planned().isEmpty()) {
                    stored = store.apply(batch.events(), batch.quarantined(), batch.to());
                } else {
                    // The store writes the batch on its own thread while this one hands the plan to the listeners (identity),
                    // then reads, decodes and plans the next batch on top of it: a batch costs the longer of the two sides,
                    // not their sum.
                    java.util.concurrent.Future<List<StoredEvent>> writing =
                            writer.submit(() -> store.apply(batch.events(), batch.quarantined(), batch.to()));
                    RuntimeException listenerFailure = null;
                    try {
                        for (ProjectionListener l : listeners) {
                            l.onPlanned(batch.planned().get());
                        }
                    } catch (RuntimeException e) {
                        listenerFailure = e;
                    }
                    if (listenerFailure == null && !isolating && !appends.above(YIELD_ABOVE)) {
                        next = readAhead(batch.to());
                    }
                    stored = await(writing, batch.to());
                    if (listenerFailure != null) {
                        // Committed, but not taken by every listener: handed to them again (onApplied) until they take it.
                        suppressed.addAndGet(batch.suppressed());
                        undelivered = stored;
                        undeliveredTo = batch.to();
                        throw new ListenerFailure(listenerFailure);
                    }
                }
            } catch (ListenerFailure e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                next = null; // planned on top of a write that failed: the store gave that plan up
                List<LogEntry> entries = batch.entries();
                if (entries.size() > 1) {
                    // Halve until the record that fails alone is found (a store failure that passes lets the halves through).
                    isolateUntil = Math.max(isolateUntil, batch.to());
                    isolateSize = entries.size() / 2;
                    LOG.log(Level.WARNING, "storing log records " + applied + " to " + (batch.to() - 1) + " failed; trying them "
                            + isolateSize + " at a time: " + e);
                    continue;
                }
                if (!setAsideIfAlone(entries.get(0), e)) {
                    throw e;
                }
                total++;
                continue;
            }
            failingSequence = -1;
            suppressed.addAndGet(batch.suppressed());
            deliver(stored, batch.to());
            total += batch.entries().size();
        }
    }

    /** The next batch from {@code from}, read while the store writes the one before it; null when none is waiting or it failed. */
    private Batch readAhead(long from) {
        try {
            return read(from, false);
        } catch (RuntimeException e) {
            return null; // read again once the batch before is stored, where its failure is handled
        }
    }

    /** Reads, decodes and plans the batch of log records from {@code from}; null when the log holds none. */
    private Batch read(long from, boolean isolating) {
        List<LogEntry> entries = log.read(from, isolating ? isolateSize : batchSize);
        if (entries.isEmpty()) {
            return null;
        }
        List<StoredEvent> events = new ArrayList<>(entries.size());
        List<QuarantinedEvent> quarantined = new ArrayList<>();
        long passedOver = 0;
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
                case LogRecord.Accepted a -> {
                    if (admit.test(a.event())) {
                        events.add(new StoredEvent(entry.sequence(), a.event()));
                    } else {
                        passedOver++;
                    }
                }
                case LogRecord.Quarantined q -> quarantined.add(q.event());
                case LogRecord.Erased x -> {
                    // erased: nothing to store
                }
            }
        }
        long to = entries.get(entries.size() - 1).sequence() + 1;
        return new Batch(entries, events, quarantined, passedOver, store.plan(events), to);
    }

    /** Hands committed events to the listeners; only once all took them does the projector move past them. */
    private void deliver(List<StoredEvent> stored, long to) {
        undelivered = stored;
        undeliveredTo = to;
        for (ProjectionListener l : listeners) {
            l.onApplied(stored);
        }
        undelivered = null;
        applied = to;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * A single record failed in the store: after {@value #SET_ASIDE_AFTER} failures in a row, and only if the store takes a
     * quarantine row at its position instead (so the record, not the store, is at fault), it goes to the quarantine with
     * the failure and the projector moves past it.
     *
     * @return whether it was set aside (false: the caller rethrows, and the loop retries after a pause)
     */
    private boolean setAsideIfAlone(LogEntry entry, RuntimeException failure) {
        long seq = entry.sequence();
        failingAttempts = failingSequence == seq ? failingAttempts + 1 : 1;
        failingSequence = seq;
        if (failingAttempts < SET_ASIDE_AFTER) {
            return false;
        }
        String why = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        QuarantinedEvent aside = new QuarantinedEvent("q_log_" + seq, sourceOf(entry), Instant.EPOCH,
                new Rejection(ErrorCode.PROJECTION_FAILED, "log[" + seq + "]", "the store could not take this record (tried "
                        + failingAttempts + " times, alone, while the store answered); set aside: " + why),
                new String(entry.payload(), java.nio.charset.StandardCharsets.UTF_8));
        try {
            // Also the test that the store answers: a store that is down fails this write too, and nothing is set aside.
            store.apply(List.of(), List.of(aside), seq + 1);
        } catch (RuntimeException storeDown) {
            return false;
        }
        LOG.log(Level.SEVERE, "log record " + seq + " set aside (quarantined as " + aside.id() + "): " + why, failure);
        setAside.incrementAndGet();
        failingSequence = -1;
        isolateUntil = 0; // the rest of the batch goes as one again: another bad record in it is found the same way
        deliver(List.of(), seq + 1);
        return true;
    }

    /** The source of a log record, when it can be read (for the quarantine's listing by source). */
    private String sourceOf(LogEntry entry) {
        try {
            return switch (codec.decode(entry.payload())) {
                case LogRecord.Accepted a -> a.event().sourceId();
                case LogRecord.Quarantined q -> q.event().sourceId();
                case LogRecord.Erased x -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A listener's failure, told apart from the store's: it does not make the projector try records one at a time. */
    private static final class ListenerFailure extends RuntimeException {
        ListenerFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
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
                failingSince = null;
                if (n == 0) {
                    // Woken by the log's next commit; the timeout only bounds how long close() waits for this loop.
                    log.awaitEnd(applied, 50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KithException e) {
                failed(e);
                if (e.kind() == ErrorKind.INTERNAL || e.code() == ErrorCode.STORAGE_FAILURE) {
                    LOG.log(Level.WARNING, "projection failed at log sequence " + applied + "; retrying: " + e.getMessage(), e);
                }
                sleepQuietly(500);
            } catch (RuntimeException e) {
                failed(new KithException(ErrorCode.INTERNAL, e.toString(), e));
                LOG.log(Level.SEVERE, "projection failed at log sequence " + applied + "; retrying", e);
                sleepQuietly(1000);
            }
        }
    }

    private void failed(KithException e) {
        lastFailure = e;
        if (failingSince == null) {
            failingSince = clock.instant();
        }
    }

    /** Since when the projector has been failing, while it is (empty once a run succeeds). */
    public java.util.Optional<Instant> failingSince() {
        return java.util.Optional.ofNullable(failingSince);
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
