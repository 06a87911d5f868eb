package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body bytes held in memory by all calls together, bounded: a call charges its {@link Lease} as it
 * reads, and once the total would pass the limit that call is refused with {@link ErrorCode#OVERLOADED} (429)
 * while the others go on. Thread-safe; a lease belongs to one call's thread.
 */
public final class InflightBytes {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public InflightBytes(long limit) {
        if (limit < 1) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "the in-flight byte limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Bytes held by calls right now. */
    public long held() {
        return held.get();
    }

    /** Opens a lease for one call; closing it gives back everything the call charged. */
    public Lease lease() {
        return new Lease();
    }

    /** One call's share of the in-flight bytes. */
    public final class Lease implements BodyMeter, AutoCloseable {
        private long charged;

        private Lease() {
        }

        @Override
        public void charge(long bytes) {
            long total = held.addAndGet(bytes);
            charged += bytes;
            if (total > limit) {
                throw new KithException(ErrorCode.OVERLOADED, "Kith is holding " + (total - bytes) + " bytes of request bodies (limit "
                        + limit + "); retry later");
            }
        }

        @Override
        public void close() {
            held.addAndGet(-charged);
            charged = 0;
        }
    }
}
