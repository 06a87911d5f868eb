package io.kith.event;

import java.util.List;

/**
 * The quarantine as the API reads it: events Kith refused, newest first, with their reason and raw payload.
 * Filled by the projection from {@link LogRecord.Quarantined} records of the log.
 */
public interface QuarantineStore {
    /**
     * Lists quarantined events, newest first.
     *
     * @param sourceId only this source's, or every source's when null
     * @param before   a cursor: only entries older than the entry with this id, or from the newest when null
     * @param limit    at most this many
     * @throws io.kith.error.KithException {@code INVALID_ARGUMENT} when {@code before} names no entry: a mistyped or
     *                                     stale cursor is said to be one, not answered with an empty page
     */
    List<QuarantinedEvent> list(String sourceId, String before, int limit);

    long count();
}
