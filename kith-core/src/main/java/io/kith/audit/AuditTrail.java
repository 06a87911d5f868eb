package io.kith.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes audit entries to the {@link AuditLog} in the background, in batches, so that no request waits for the audit
 * log's database write: entries are queued (up to {@value #CAPACITY}) and written every {@value #FLUSH_MILLIS} ms or
 * when a batch fills. A write that fails is tried again; entries that find the queue full are counted
 * ({@link #dropped()}) rather than blocking the request. Thread-safe; {@link #close()} writes what is queued.
 */
public final class AuditTrail implements Consumer<AuditEntry>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    static final int CAPACITY = 100_000;
    static final long FLUSH_MILLIS = 200;
    private static final int BATCH = 5_000;

    private final AuditLog log;
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AuditTrail(AuditLog log) {
        this.log = log;
        this.writer = Thread.ofPlatform().name("kith-audit").daemon().start(this::work);
    }

    @Override
    public void accept(AuditEntry e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries lost because the queue was full (the audit log's store fell far behind). */
    public long dropped() {
        return dropped.get();
    }

    /** Blocks until every entry queued before this call is written (for tests and shutdown). */
    public void flush() {
        List<AuditEntry> batch = new ArrayList<>();
        synchronized (this) {
            queue.drainTo(batch);
            write(batch);
        }
    }

    private void work() {
        List<AuditEntry> batch = new ArrayList<>();
        while (!closed) {
            try {
                AuditEntry first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                synchronized (this) {
                    write(batch);
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<AuditEntry> batch) {
        while (!batch.isEmpty()) {
            try {
                log.append(batch);
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the audit log could not be written; retrying: " + e.getClass().getSimpleName());
                if (closed) {
                    return;
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
