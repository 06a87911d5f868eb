package io.kith.log;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/**
 * Settings of a {@link FileEventLog}.
 *
 * @param segmentBytes    a segment file is closed and a new one started once it exceeds this size (default 64 MiB: an erasure copies
 *                        each segment holding the person's records, so the size bounds what one erasure writes)
 * @param maxPendingBytes appends fail with {@link ErrorCode#OVERLOADED} while more than this many bytes wait
 *                        for the disk (default 64 MiB), so the HTTP layer can answer 429 instead of queueing forever
 * @param indexInterval   one entry in the in-memory sparse index every this many records (default 1,024)
 */
public record LogOptions(long segmentBytes, long maxPendingBytes, int indexInterval) {
    public static final LogOptions DEFAULTS = new LogOptions(64L << 20, 64L << 20, 1024);

    public LogOptions {
        if (segmentBytes < 1024) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "log segmentBytes must be at least 1024, was " + segmentBytes);
        }
        if (maxPendingBytes < 1) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "log maxPendingBytes must be positive, was " + maxPendingBytes);
        }
        if (indexInterval < 1) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "log indexInterval must be positive, was " + indexInterval);
        }
    }

    public LogOptions withSegmentBytes(long bytes) {
        return new LogOptions(bytes, maxPendingBytes, indexInterval);
    }

    public LogOptions withIndexInterval(int records) {
        return new LogOptions(segmentBytes, maxPendingBytes, records);
    }

    public LogOptions withMaxPendingBytes(long bytes) {
        return new LogOptions(segmentBytes, bytes, indexInterval);
    }
}
