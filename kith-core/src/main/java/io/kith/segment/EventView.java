package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a person as a segment sees it.
 *
 * @param sequence  the event's position in the log; tells two events apart in a {@link Condition.SequenceCondition}
 * @param name      the event name (Track's {@code event}, Page's and Screen's {@code name}), null when it has none
 * @param brand     the brand it came through
 * @param sourceId  the source it came through
 * @param json      the whole event in Segment's wire shape; property paths resolve from its root
 */
public record EventView(long sequence, String name, EventType type, Instant timestamp, String brand, String sourceId,
                        JsonNode json) {
    public EventView {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(json, "json");
    }
}
