package io.kith.event;

/**
 * Size limits on ingestion, Segment's by default: 32 KB per event, 500 KB per batch request and 2,500 events
 * per batch.
 */
public record IngestLimits(int maxEventBytes, int maxBatchBytes, int maxBatchEvents) {
    public static final IngestLimits SEGMENT = new IngestLimits(32 * 1024, 500 * 1024, 2_500);
}
