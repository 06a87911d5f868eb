package io.kith.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One accepted customer event: a Segment-spec call, validated and normalised, stamped with the source and
 * brand it came through and with Kith's receive time.
 *
 * <p>The typed fields are the ones every part of Kith reads; {@link #json} holds the whole event in
 * Segment's wire shape (properties, traits, context, integrations, ...) including the typed fields, and is
 * what the log stores. Treat it as read-only.
 *
 * @param timestamp the event time after the clock-skew correction {@code receivedAt - (sentAt - originalTimestamp)}
 */
public record Event(
        String messageId,
        EventType type,
        String sourceId,
        String brand,
        String userId,
        String anonymousId,
        String name,
        Instant timestamp,
        Instant receivedAt,
        ObjectNode json) {

    public Event {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(json, "json");
    }

    /** The object under {@code key} in the event ({@code properties}, {@code traits}, {@code context}), or an empty one. */
    public ObjectNode object(String key) {
        var node = json.get(key);
        return node instanceof ObjectNode o ? o : json.objectNode();
    }

    /** Traits of an identify or group call, or {@code context.traits} for any other call. */
    public ObjectNode traits() {
        if (type == EventType.IDENTIFY || type == EventType.GROUP) {
            return object("traits");
        }
        var ctx = json.get("context");
        if (ctx != null && ctx.get("traits") instanceof ObjectNode o) {
            return o;
        }
        return json.objectNode();
    }

    public ObjectNode properties() {
        return object("properties");
    }

    public ObjectNode context() {
        return object("context");
    }

    /** {@code previousId} of an alias call, or null. */
    public String previousId() {
        var n = json.get("previousId");
        return n == null || n.isNull() ? null : n.asText();
    }

    /** {@code groupId} of a group call, or null. */
    public String groupId() {
        var n = json.get("groupId");
        return n == null || n.isNull() ? null : n.asText();
    }
}
