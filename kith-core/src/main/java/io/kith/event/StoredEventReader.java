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
    private final RecurringStrings types = new RecurringStrings();
    private final RecurringStrings sources = new RecurringStrings();
    private final RecurringStrings brands = new RecurringStrings();

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
        return read(new StoredMembers(stored), h -> Event.stored(h.messageId, h.type, h.sourceId, h.brand, h.userId,
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

    /**
     * The members of an event, from a tree or from stored bytes, as the typed fields are read from them: the text of a
     * member the way {@link JsonNode} gives it, with absent and JSON null told apart as the tree tells them apart.
     */
    @FunctionalInterface
    private interface Members {
        /** The member's node; null when absent. */
        JsonNode node(String name);

        /** As {@code path(name).asText()}: "" when absent. */
        default String text(String name) {
            JsonNode v = node(name);
            return (v == null ? MissingNode.getInstance() : v).asText();
        }

        /** As {@link #text}, for a member whose value recurs from event to event (type, sourceId, brand). */
        default String recurringText(String name) {
            return text(name);
        }

        /** As {@code path(name).asText(null)}. */
        default String textOrNull(String name) {
            JsonNode v = node(name);
            return (v == null ? MissingNode.getInstance() : v).asText(null);
        }

        /** The text of a member that is neither absent nor JSON null; else null. */
        default String optionalText(String name) {
            JsonNode v = node(name);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    /**
     * The members of stored bytes: a string member's text is decoded straight from its bytes (no node made for it), any
     * other value is parsed, so that each answer is the tree's.
     */
    private final class StoredMembers implements Members {
        private static final String MISSING_OR_NULL = MissingNode.getInstance().asText(null);
        private static final String NULL_TEXT = NullNode.getInstance().asText();
        private static final String NULL_OR_NULL = NullNode.getInstance().asText(null);
        private final StoredJson stored;

        StoredMembers(StoredJson stored) {
            this.stored = stored;
        }

        @Override
        public JsonNode node(String name) {
            return StoredEventReader.this.node(stored.member(name));
        }

        @Override
        public String text(String name) {
            StoredJson.Slice v = stored.member(name);
            return v == null ? "" : v.isString() ? StoredJson.string(v) : v.isNull() ? NULL_TEXT : StoredEventReader.this.node(v).asText();
        }

        @Override
        public String recurringText(String name) {
            RecurringStrings known = switch (name) {
                case "type" -> types;
                case "sourceId" -> sources;
                case "brand" -> brands;
                default -> null;
            };
            StoredJson.Slice v = known == null ? null : stored.member(name);
            return v != null && v.isString() ? known.text(v) : text(name);
        }

        @Override
        public String textOrNull(String name) {
            StoredJson.Slice v = stored.member(name);
            return v == null ? MISSING_OR_NULL : v.isString() ? StoredJson.string(v) : v.isNull() ? NULL_OR_NULL
                    : StoredEventReader.this.node(v).asText(null);
        }

        @Override
        public String optionalText(String name) {
            StoredJson.Slice v = stored.member(name);
            return v == null || v.isNull() ? null : v.isString() ? StoredJson.string(v) : StoredEventReader.this.node(v).asText();
        }
    }

    /** The one reading of the typed fields, whether they come from a tree or from stored bytes. */
    private static Event read(Members m, Function<Header, Event> make) {
        String typeText = m.recurringText("type");
        EventType type = EventType.fromWire(typeText).orElseThrow(
                () -> new KithException(ErrorCode.STORAGE_FAILURE, "stored event has no valid type: " + describe(m.node("type"))));
        String name = switch (type) {
            case TRACK -> m.textOrNull("event");
            case PAGE, SCREEN -> m.optionalText("name");
            default -> null;
        };
        return make.apply(new Header(m.text("messageId"), type, m.recurringText("sourceId"), m.recurringText("brand"), m.optionalText("userId"),
                m.optionalText("anonymousId"), name, instant(m.text("timestamp"), "timestamp"), instant(m.text("receivedAt"), "receivedAt")));
    }

    /** A member as the error message used to show it: its JSON, or nothing for an absent one. */
    private static String describe(JsonNode n) {
        return (n == null ? MissingNode.getInstance() : n).toString();
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
}
