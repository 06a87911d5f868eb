package io.kith.ingest;

/**
 * One source's token bucket: {@link RateLimit#burst()} tokens at most, refilled continuously at
 * {@link RateLimit#perSecond()}. Thread-safe.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(RateLimit limit, long nowNanos) {
        this.perNano = limit.perSecond() / 1e9;
        this.capacity = limit.burst();
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes a token when there is one.
     *
     * @return 0 when taken, else the nanoseconds until a token will be there
     */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }

    /** True when the bucket is full again: forgetting it changes nothing, a new one starts full. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }
}
