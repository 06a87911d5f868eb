package io.kith.ingest;

import io.kith.error.ErrorCode;
import io.kith.server.RetryLater;
import io.kith.source.Source;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The per-source rate limit of the collection API: one {@link TokenBucket} per source, refusing a request over
 * the limit with {@link ErrorCode#RATE_LIMITED} (429) and the seconds until the source may send again, which
 * Segment's and RudderStack's clients honour by retrying later.
 *
 * <p>Buckets are made only for sources already known by their write key: an unknown key is refused (401) before it
 * gets here, so sending many made-up keys grows nothing. Known sources are few, but a store may hold many; past
 * {@code maxBuckets}, buckets that have refilled are forgotten (a new bucket starts full, so that changes nothing).
 * Thread-safe.
 */
final class RateLimiter {
    static final int MAX_BUCKETS = 10_000;

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final int maxBuckets;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(RateLimit limit, LongSupplier nanoTime, int maxBuckets) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.maxBuckets = maxBuckets;
    }

    RateLimiter(RateLimit limit) {
        this(limit, System::nanoTime, MAX_BUCKETS);
    }

    /**
     * Counts one request of this source.
     *
     * @throws RetryLater {@link ErrorCode#RATE_LIMITED} when the source is over its limit
     */
    void admit(Source source) {
        if (!limit.enabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.get(source.id());
        if (bucket == null) {
            if (buckets.size() >= maxBuckets) {
                buckets.values().removeIf(b -> b.full(now));
            }
            bucket = buckets.computeIfAbsent(source.id(), id -> new TokenBucket(limit, now));
        }
        long waitNanos = bucket.take(now);
        if (waitNanos > 0) {
            throw new RetryLater(ErrorCode.RATE_LIMITED, "source " + source.id() + " sent more than " + formatRate(limit.perSecond())
                    + " requests a second (bursts of " + limit.burst() + "); retry after the Retry-After seconds", Duration.ofNanos(waitNanos));
        }
    }

    /** Buckets held now. */
    int buckets() {
        return buckets.size();
    }

    private static String formatRate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
