package io.kith.ingest;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/**
 * How many collection requests one source (one write key) may send: {@code perSecond} on average, and up to
 * {@code burst} at once after a quiet spell. A token bucket: it holds {@code burst} tokens, refills at
 * {@code perSecond}, and each request takes one.
 *
 * @param perSecond requests per second per source; 0 turns the limit off
 * @param burst     requests a source may send at once; at least 1 when the limit is on
 */
public record RateLimit(double perSecond, int burst) {
    /**
     * The default: 1,000 requests a second per write key with bursts of 2,000. analytics.js sends one request per
     * event, so this is about a site with 10,000 visitors on it at once, each doing something every ten seconds;
     * a batching server library sends up to 100 events a request.
     */
    public static final RateLimit DEFAULT = new RateLimit(1_000, 2_000);
    public static final RateLimit OFF = new RateLimit(0, 0);

    public RateLimit {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "a rate limit must be a number of requests per second >= 0 (0: no limit), was " + perSecond);
        }
        if (perSecond > 0 && burst < 1) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "a rate limit's burst must be at least 1 request, was " + burst);
        }
    }

    public boolean enabled() {
        return perSecond > 0;
    }
}
