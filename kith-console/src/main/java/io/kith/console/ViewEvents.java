package io.kith.console;

import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stored events of one customer view, read by sequence and kept for the rest of the page: the view asks once for the
 * events that linked its identifiers and the newest timeline page together, so the page is one read of the event store
 * (each read is a query, about a millisecond of DuckDB's planning before any row) unless the timeline's filters pass
 * over what was read. Not thread-safe: one per request.
 */
final class ViewEvents {
    private final EventStore events;
    private final Map<Long, StoredEvent> found = new HashMap<>();
    private final Set<Long> asked = new HashSet<>();

    ViewEvents(EventStore events) {
        this.events = events;
    }

    /** Reads, in one query, those of {@code sequences} not asked for before. */
    void read(long[] sequences) {
        long[] missing = Arrays.stream(sequences).filter(asked::add).toArray();
        if (missing.length > 0) {
            for (StoredEvent e : events.bySequences(missing)) {
                found.put(e.sequence(), e);
            }
        }
    }

    /** The event of {@code sequence}, if it was read and is stored (an erased person's events are not). */
    Optional<StoredEvent> get(long sequence) {
        return Optional.ofNullable(found.get(sequence));
    }
}
