package io.kith.projection;

import java.util.function.LongSupplier;

/**
 * How fast the log is growing: the acknowledged path's load, as the projector sees it. Sampled at most once a second
 * (the rate of the last whole second is kept in between), so asking per batch costs nothing. Not thread-safe: the
 * projector's thread asks it.
 */
final class AppendRate {
    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier end;
    private final LongSupplier nanos;
    private long sampledEnd;
    private long sampledAt;
    private double perSecond;

    /**
     * @param end   the log's end sequence now
     * @param nanos a monotonic clock in nanoseconds ({@link System#nanoTime()})
     */
    AppendRate(LongSupplier end, LongSupplier nanos) {
        this.end = end;
        this.nanos = nanos;
        this.sampledEnd = end.getAsLong();
        this.sampledAt = nanos.getAsLong();
    }

    /** Whether more than {@code eventsPerSecond} records were appended per second over the last sampled second. */
    boolean above(long eventsPerSecond) {
        long now = nanos.getAsLong();
        if (now - sampledAt >= SECOND) {
            long e = end.getAsLong();
            perSecond = (e - sampledEnd) * (double) SECOND / (now - sampledAt);
            sampledEnd = e;
            sampledAt = now;
        }
        return perSecond > eventsPerSecond;
    }
}
