package io.kith.store.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A gate that lets an action through at most once per interval, counted from the last time it did or was {@link #reset}. */
final class Throttle {
    private final long intervalNanos;
    private final AtomicLong last;

    Throttle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime());
    }

    /** Whether the action may run now; at most one caller per interval is told yes. */
    boolean tryAcquire() {
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }

    /** Counts the interval from now, after the action ran for another reason. */
    void reset() {
        last.set(System.nanoTime());
    }
}
