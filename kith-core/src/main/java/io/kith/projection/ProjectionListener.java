package io.kith.projection;

import io.kith.event.StoredEvent;
import java.util.List;

/**
 * Told about every batch the projector stored, in log order, after it is committed: the hook where identity
 * resolution, profiles and (later) segments follow the log.
 */
@FunctionalInterface
public interface ProjectionListener {
    void onApplied(List<StoredEvent> events);
}
