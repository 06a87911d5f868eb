package io.kith.projection;

import io.kith.event.StoredEvent;
import java.util.List;

/**
 * Told about every batch the projector stores, in log order: the hook where identity resolution, profiles and (later)
 * segments follow the log.
 */
@FunctionalInterface
public interface ProjectionListener {
    /** The events of a batch as the store committed them, with their store sequences. */
    void onApplied(List<StoredEvent> events);

    /**
     * The events of a batch as the store will commit them ({@link io.kith.event.EventStore#plan}), told before the write
     * when the store can say; {@link #onApplied} follows with the same events once they are committed (or, should the
     * write fail and be retried, after the retry's {@code onPlanned}). A listener that acts here must be idempotent.
     */
    default void onPlanned(List<StoredEvent> events) {
    }
}
