package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.Event;
import io.kith.event.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a person as a segment sees it: the typed fields every condition reads first (name, type, time, brand,
 * source), and the whole event for property paths.
 *
 * <p>A class rather than a record for one reason: the whole event is parsed only when a condition asks for a property.
 * Most of a person's events are page views and screens that no property condition reaches once the name or type has
 * not matched, and a whole pass built a JSON tree for every event of every person (the top of the profile of a
 * 100,000-customer set-up, with most of its young-generation GC).
 */
public final class EventView {
    private final long sequence;
    private final String name;
    private final EventType type;
    private final Instant timestamp;
    private final String brand;
    private final String sourceId;
    private final Event event;
    private final JsonNode json;

    /**
     * @param sequence  the event's position in the log; tells two events apart in a {@link Condition.SequenceCondition}
     * @param name      the event name (Track's {@code event}, Page's and Screen's {@code name}), null when it has none
     * @param brand     the brand it came through
     * @param sourceId  the source it came through
     * @param json      the whole event in Segment's wire shape; property paths resolve from its root
     */
    public EventView(long sequence, String name, EventType type, Instant timestamp, String brand, String sourceId, JsonNode json) {
        this(sequence, name, type, timestamp, brand, sourceId, null, Objects.requireNonNull(json, "json"));
    }

    private EventView(long sequence, String name, EventType type, Instant timestamp, String brand, String sourceId, Event event, JsonNode json) {
        this.sequence = sequence;
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.brand = Objects.requireNonNull(brand, "brand");
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        this.event = event;
        this.json = json;
    }

    /** The view of a stored event, whose JSON is parsed from its stored bytes only if a condition reads a property. */
    public static EventView of(long sequence, Event event) {
        return new EventView(sequence, event.name(), event.type(), event.timestamp(), event.brand(), event.sourceId(), event, null);
    }

    public long sequence() {
        return sequence;
    }

    public String name() {
        return name;
    }

    public EventType type() {
        return type;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String brand() {
        return brand;
    }

    public String sourceId() {
        return sourceId;
    }

    /** The whole event in Segment's wire shape; property paths resolve from its root. Parsed on first use. */
    public JsonNode json() {
        return json != null ? json : event.json(); // the event keeps the tree it parsed (a volatile field: safe across threads)
    }

    /** The value at a dotted path from the event's root, or null: from the stored bytes while no tree was parsed ({@link Event#at(String)}). */
    public JsonNode at(String path) {
        return json != null ? Event.at(json, path) : event.at(path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventView v && sequence == v.sequence && Objects.equals(name, v.name) && type == v.type
                && timestamp.equals(v.timestamp) && brand.equals(v.brand) && sourceId.equals(v.sourceId) && json().equals(v.json());
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, name, type, timestamp, brand, sourceId);
    }

    @Override
    public String toString() {
        return "EventView[sequence=" + sequence + ", name=" + name + ", type=" + type + ", timestamp=" + timestamp + ", brand=" + brand
                + ", sourceId=" + sourceId + ", json=" + json() + "]";
    }
}
