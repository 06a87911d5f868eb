package io.kith.ingest;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.RetryLater;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new events while the event log's disk has less usable space than its {@link DiskFloor}, so that the disk
 * never fills under the log: a full disk fails appends half-way and leaves no room to recover. The client is answered
 * {@link ErrorCode#STORAGE_FULL} (503) with a {@code Retry-After}; its events wait on its side until an operator
 * frees space.
 *
 * <p>Asking the file system costs a system call, so the answer is kept for a second and shared by every request in
 * that second; a disk cannot fill from 1 GiB free in a second at the log's write rates. Thread-safe.
 */
public final class DiskWatermark {
    private static final Logger LOG = LoggerFactory.getLogger(DiskWatermark.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;
    /** Freeing space takes an operator: ask clients to come back in a minute rather than hammer a full server. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(60);

    /** Space on a disk, as read now. */
    public record Space(long usable, long total) {
    }

    /** Reads the space of one disk; a test's fake simulates a full one. */
    @FunctionalInterface
    public interface Probe {
        Space read() throws IOException;
    }

    /** What the last reading said, and when it was taken. */
    private record Reading(long atNanos, Space space, boolean low) {
    }

    private final DiskFloor floor;
    private final Probe probe;
    private final LongSupplier nanoTime;
    private final String where;
    private volatile Reading last;

    public DiskWatermark(DiskFloor floor, Probe probe, LongSupplier nanoTime, String where) {
        this.floor = floor;
        this.probe = probe;
        this.nanoTime = nanoTime;
        this.where = where;
    }

    /** Never refuses. */
    public static DiskWatermark none() {
        return new DiskWatermark(DiskFloor.NONE, () -> new Space(Long.MAX_VALUE, Long.MAX_VALUE), System::nanoTime, "nowhere");
    }

    /** Watches the disk that holds {@code dir}. */
    public static DiskWatermark of(Path dir, DiskFloor floor) {
        try {
            FileStore store = Files.getFileStore(dir);
            return new DiskWatermark(floor, () -> new Space(store.getUsableSpace(), store.getTotalSpace()), System::nanoTime, dir.toString());
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot find the disk that holds " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws RetryLater {@link ErrorCode#STORAGE_FULL} while the disk is below its floor
     */
    public void check() {
        if (floor.equals(DiskFloor.NONE)) {
            return;
        }
        Reading r = current();
        if (r.low()) {
            throw new RetryLater(ErrorCode.STORAGE_FULL, "Kith is not accepting events: the event log's disk has " + r.space().usable()
                    + " bytes free, below the minimum of " + floor.minUsable(r.space().total()) + " (" + floor
                    + "); the events were not stored, retry later", RETRY_AFTER);
        }
    }

    private Reading current() {
        long now = nanoTime.getAsLong();
        Reading r = last;
        if (r != null && now - r.atNanos() < RECHECK_NANOS) {
            return r;
        }
        synchronized (this) {
            r = last;
            if (r != null && now - r.atNanos() < RECHECK_NANOS) {
                return r;
            }
            Reading next = read(now, r);
            if (r == null || next.low() != r.low()) {
                if (next.low()) {
                    LOG.warn("refusing new events: disk low where=\"{}\" usableBytes={} minBytes={}", where, next.space().usable(),
                            floor.minUsable(next.space().total()));
                } else if (r != null) {
                    LOG.info("accepting events again: disk space recovered where=\"{}\" usableBytes={}", where, next.space().usable());
                }
            }
            last = next;
            return next;
        }
    }

    /**
     * A disk that cannot be asked is taken as it was last seen (as not low the first time): refusing every event
     * because a statistic failed would turn a monitoring hiccup into an outage, and an append still fails on its own
     * when the disk really is full.
     */
    private Reading read(long now, Reading previous) {
        try {
            Space space = probe.read();
            return new Reading(now, space, space.usable() < floor.minUsable(space.total()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the free space of the event log's disk where=\"{}\": {}", where, e.getMessage());
            return new Reading(now, previous == null ? new Space(Long.MAX_VALUE, Long.MAX_VALUE) : previous.space(),
                    previous != null && previous.low());
        }
    }
}
