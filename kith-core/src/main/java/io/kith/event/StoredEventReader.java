package io.kith.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Reads an event back from the JSON it was stored in (the log, the events table): its typed fields from the index of
 * its members ({@link StoredJson}), and the bytes kept as they are ({@link Event#stored}). The same event, field for
 * field, as parsing the JSON into a tree and reading it ({@link #fromTree}), at a fraction of the cost: most events are
 * never turned into a tree. Thread-safe.
 */
public final class StoredEventReader {
    private final ObjectMapper mapper;

    public StoredEventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The event stored as {@code json} (UTF-8, a JSON object), which it keeps: the caller must not change the array.
     *
     * @throws KithException {@code STORAGE_FAILURE} when the JSON is not an event as Kith stores them
     */
    public Event read(byte[] json) {
        StoredJson stored;
        try {
            stored = new StoredJson(json);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "stored event is not a JSON object: " + e.getMessage(), e);
        }
        return read(name -> node(stored.member(name)), h -> Event.stored(h.messageId, h.type, h.sourceId, h.brand, h.userId,
                h.anonymousId, h.name, h.timestamp, h.receivedAt, stored, mapper));
    }

    /** A stored value as a tree node: a string as its text, anything else parsed from its bytes; null when absent. */
    public JsonNode node(StoredJson.Slice value) {
        if (value == null) {
            return null;
        }
        if (value.isString()) {
            return TextNode.valueOf(StoredJson.string(value));
        }
        if (value.isNull()) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(value.bytes(), value.start(), value.end() - value.start());
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "stored event holds invalid JSON: " + e.getMessage(), e);
        }
    }

    /** The event a stored JSON tree holds (as {@link EventParser} left it). */
    public static Event fromTree(ObjectNode json) {
        return read(json::get, h -> new Event(h.messageId, h.type, h.sourceId, h.brand, h.userId, h.anonymousId, h.name, h.timestamp,
                h.receivedAt, json));
    }

    /** The typed fields of a stored event. */
    private record Header(String messageId, EventType type, String sourceId, String brand, String userId, String anonymousId,
                          String name, Instant timestamp, Instant receivedAt) {
    }

    /** The one reading of the typed fields, whether they come from a tree or from tokens ({@code member} null: absent). */
    private static Event read(Function<String, JsonNode> member, Function<Header, Event> make) {
        Function<String, JsonNode> path = n -> {
            JsonNode v = member.apply(n);
            return v == null ? MissingNode.getInstance() : v;
        };
        EventType type = EventType.fromWire(path.apply("type").asText()).orElseThrow(
                () -> new KithException(ErrorCode.STORAGE_FAILURE, "stored event has no valid type: " + path.apply("type")));
        String name = switch (type) {
            case TRACK -> path.apply("event").asText(null);
            case PAGE, SCREEN -> text(member.apply("name"));
            default -> null;
        };
        return make.apply(new Header(path.apply("messageId").asText(), type, path.apply("sourceId").asText(), path.apply("brand").asText(),
                text(member.apply("userId")), text(member.apply("anonymousId")), name,
                instant(path.apply("timestamp").asText(), "timestamp"), instant(path.apply("receivedAt").asText(), "receivedAt")));
    }

    private static Instant instant(String text, String field) {
        Instant fast = Timestamps.parseIsoUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "stored event has an invalid " + field + ": \"" + text + "\"", e);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
