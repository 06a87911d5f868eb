package io.kith.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One accepted customer event: a Segment-spec call, validated and normalised, stamped with the source and
 * brand it came through and with Kith's receive time.
 *
 * <p>The typed fields are the ones every part of Kith reads; {@link #json} holds the whole event in
 * Segment's wire shape (properties, traits, context, integrations, ...) including the typed fields, and is
 * what the log stores. Treat it as read-only.
 *
 * <p>An event read back from the log or the store ({@link #stored}) keeps the JSON as the UTF-8 bytes it was stored
 * in and parses them into a tree only when {@link #json} is first called: the projector, the store and identity
 * resolution read what they need from the bytes ({@link StoredEventReader}, {@code IdentifierExtractor}), so most
 * events are never turned into a tree at all. Equality is a record's: every field, the JSON compared as trees.
 * Thread-safe.
 *
 * @param timestamp the event time after the clock-skew correction {@code receivedAt - (sentAt - originalTimestamp)}
 */
public final class Event {
    private final String messageId;
    private final EventType type;
    private final String sourceId;
    private final String brand;
    private final String userId;
    private final String anonymousId;
    private final String name;
    private final Instant timestamp;
    private final Instant receivedAt;
    /** The stored JSON, when the event was read back from it; null for an event made from a tree. */
    private final StoredJson stored;
    private final ObjectMapper mapper;
    private volatile ObjectNode json;

    public Event(String messageId, EventType type, String sourceId, String brand, String userId, String anonymousId, String name,
                 Instant timestamp, Instant receivedAt, ObjectNode json) {
        this(messageId, type, sourceId, brand, userId, anonymousId, name, timestamp, receivedAt, Objects.requireNonNull(json, "json"), null, null);
    }

    private Event(String messageId, EventType type, String sourceId, String brand, String userId, String anonymousId, String name,
                  Instant timestamp, Instant receivedAt, ObjectNode json, StoredJson stored, ObjectMapper mapper) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.type = Objects.requireNonNull(type, "type");
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        this.brand = Objects.requireNonNull(brand, "brand");
        this.userId = userId;
        this.anonymousId = anonymousId;
        this.name = name;
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.json = json;
        this.stored = stored;
        this.mapper = mapper;
    }

    /**
     * An event whose typed fields were read from its stored JSON, which is kept as it is and parsed on demand.
     *
     * @param storedJson the event's JSON, exactly as stored (not copied: the caller hands it over)
     * @param mapper     parses it when {@link #json} is first called
     */
    public static Event stored(String messageId, EventType type, String sourceId, String brand, String userId, String anonymousId,
                               String name, Instant timestamp, Instant receivedAt, StoredJson storedJson, ObjectMapper mapper) {
        return new Event(messageId, type, sourceId, brand, userId, anonymousId, name, timestamp, receivedAt, null,
                Objects.requireNonNull(storedJson, "storedJson"), Objects.requireNonNull(mapper, "mapper"));
    }

    public String messageId() {
        return messageId;
    }

    public EventType type() {
        return type;
    }

    public String sourceId() {
        return sourceId;
    }

    public String brand() {
        return brand;
    }

    public String userId() {
        return userId;
    }

    public String anonymousId() {
        return anonymousId;
    }

    /** The event name of a track call, the page or screen name of a page or screen call, else null. */
    public String name() {
        return name;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** The whole event in Segment's wire shape (parsed from the stored bytes on first use). */
    public ObjectNode json() {
        ObjectNode j = json;
        if (j == null) {
            try {
                j = (ObjectNode) mapper.readTree(stored.bytes());
            } catch (IOException | ClassCastException e) {
                throw new KithException(ErrorCode.STORAGE_FAILURE, "stored event " + messageId + " is not a JSON object: " + e.getMessage(), e);
            }
            json = j;
        }
        return j;
    }

    /**
     * The value at a dotted path from the event's root ({@code properties.revenue}), as {@link #at(JsonNode, String)}
     * finds it in {@link #json}. An event read back from its stored bytes whose tree has not been asked for answers from
     * the bytes: the first two steps through their index ({@link StoredJson}), then only the value found is parsed.
     * Why: a segment or computed trait reads one or two properties of an order, and parsing the whole event into a tree
     * for them was a seventh of the segment engine's samples after a catch-up (JFR, {@code bench rebuild} at 1 M events).
     */
    public JsonNode at(String path) {
        StoredJson s = storedJson();
        String[] parts = path.split("\\.");
        if (s == null || parts.length == 0) { // no steps at all (".", ".."): the path names the whole event
            return at(json(), path);
        }
        StoredJson.Slice slice = parts.length == 1 ? s.member(parts[0]) : s.member(parts[0], parts[1]);
        if (slice == null) {
            return null;
        }
        JsonNode value;
        try {
            value = mapper.readTree(slice.bytes(), slice.start(), slice.end() - slice.start());
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "stored event " + messageId + " has a value that is not JSON at " + path
                    + ": " + e.getMessage(), e);
        }
        for (int i = 2; i < parts.length; i++) {
            if (value == null || !value.isObject()) {
                return null;
            }
            value = value.get(parts[i]);
        }
        return value;
    }

    /** The value at a dotted path below {@code node}, or null when the path leads nowhere. Arrays are not indexed. */
    public static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current;
    }

    /** The stored JSON, when this event was read back from it and its tree has not been asked for; else null. */
    public StoredJson storedJson() {
        return json == null ? stored : null;
    }

    /** The JSON as UTF-8: the stored bytes as they are (not a copy: do not change them) when there are some, else the tree written out. */
    public byte[] jsonBytes() {
        if (stored != null) {
            return stored.bytes();
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON as text: the stored bytes as they are when there are some, else the tree written out. */
    public String jsonText() {
        if (stored != null) {
            return new String(stored.bytes(), StandardCharsets.UTF_8);
        }
        return json.toString();
    }

    /** The object under {@code key} in the event ({@code properties}, {@code traits}, {@code context}), or an empty one. */
    public ObjectNode object(String key) {
        var node = json().get(key);
        return node instanceof ObjectNode o ? o : json().objectNode();
    }

    /** Traits of an identify or group call, or {@code context.traits} for any other call. */
    public ObjectNode traits() {
        if (type == EventType.IDENTIFY || type == EventType.GROUP) {
            return object("traits");
        }
        var ctx = json().get("context");
        if (ctx != null && ctx.get("traits") instanceof ObjectNode o) {
            return o;
        }
        return json().objectNode();
    }

    public ObjectNode properties() {
        return object("properties");
    }

    public ObjectNode context() {
        return object("context");
    }

    /** {@code previousId} of an alias call, or null. */
    public String previousId() {
        var n = json().get("previousId");
        return n == null || n.isNull() ? null : n.asText();
    }

    /** {@code groupId} of a group call, or null. */
    public String groupId() {
        var n = json().get("groupId");
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && messageId.equals(e.messageId) && type == e.type && sourceId.equals(e.sourceId)
                && brand.equals(e.brand) && Objects.equals(userId, e.userId) && Objects.equals(anonymousId, e.anonymousId)
                && Objects.equals(name, e.name) && timestamp.equals(e.timestamp) && receivedAt.equals(e.receivedAt)
                && (stored != null && e.stored != null && Arrays.equals(stored.bytes(), e.stored.bytes()) || json().equals(e.json()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, type, sourceId, brand, userId, anonymousId, name, timestamp, receivedAt, json());
    }

    @Override
    public String toString() {
        return "Event[messageId=" + messageId + ", type=" + type + ", sourceId=" + sourceId + ", brand=" + brand + ", userId=" + userId
                + ", anonymousId=" + anonymousId + ", name=" + name + ", timestamp=" + timestamp + ", receivedAt=" + receivedAt
                + ", json=" + (json != null || stored == null ? json() : jsonText()) + "]";
    }
}
