package io.kith.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The byte form of {@link LogRecord}s in the log: one kind byte ('E' for an accepted event, 'Q' for a
 * quarantined one) followed by UTF-8 JSON. An event is stored in Segment's wire shape, as
 * {@link EventParser} left it, so the log reads like any Segment export.
 */
public final class LogRecordCodec {
    private static final byte ACCEPTED = 'E';
    private static final byte QUARANTINED = 'Q';

    private final ObjectMapper mapper;

    public LogRecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] encode(LogRecord record) {
        try {
            return switch (record) {
                case LogRecord.Accepted a -> prefixed(ACCEPTED, mapper.writeValueAsBytes(a.event().json()));
                case LogRecord.Quarantined q -> prefixed(QUARANTINED, mapper.writeValueAsBytes(quarantineJson(q.event())));
            };
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot encode log record: " + e.getMessage(), e);
        }
    }

    public LogRecord decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "empty log record");
        }
        try {
            JsonNode node = mapper.readTree(bytes, 1, bytes.length - 1);
            return switch (bytes[0]) {
                case ACCEPTED -> new LogRecord.Accepted(eventFromJson((ObjectNode) node));
                case QUARANTINED -> new LogRecord.Quarantined(quarantineFromJson(node));
                default -> throw new KithException(ErrorCode.STORAGE_FAILURE, "unknown log record kind byte " + bytes[0]);
            };
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "corrupt log record: " + e.getMessage(), e);
        }
    }

    /** Rebuilds an {@link Event} from its stored JSON (as written by {@link EventParser}). */
    public static Event eventFromJson(ObjectNode json) {
        EventType type = EventType.fromWire(json.path("type").asText()).orElseThrow(
                () -> new KithException(ErrorCode.STORAGE_FAILURE, "stored event has no valid type: " + json.path("type")));
        String name = switch (type) {
            case TRACK -> json.path("event").asText(null);
            case PAGE, SCREEN -> text(json, "name");
            default -> null;
        };
        return new Event(json.path("messageId").asText(), type, json.path("sourceId").asText(), json.path("brand").asText(),
                text(json, "userId"), text(json, "anonymousId"), name,
                instant(json, "timestamp"), instant(json, "receivedAt"), json);
    }

    private static Instant instant(ObjectNode json, String field) {
        String text = json.path(field).asText();
        Instant fast = Timestamps.parseIsoUtc(text);
        return fast != null ? fast : Instant.parse(text);
    }

    private static String text(ObjectNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private ObjectNode quarantineJson(QuarantinedEvent q) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", q.id());
        o.put("sourceId", q.sourceId());
        o.put("receivedAt", q.receivedAt().toString());
        o.put("code", q.rejection().code().name());
        o.put("path", q.rejection().path());
        o.put("reason", q.rejection().message());
        o.put("raw", q.raw());
        return o;
    }

    private static QuarantinedEvent quarantineFromJson(JsonNode o) {
        return new QuarantinedEvent(o.path("id").asText(), o.path("sourceId").isNull() ? null : o.path("sourceId").asText(null),
                Instant.parse(o.path("receivedAt").asText()),
                new Rejection(ErrorCode.valueOf(o.path("code").asText()), o.path("path").asText(), o.path("reason").asText()),
                o.path("raw").asText());
    }

    private static byte[] prefixed(byte kind, byte[] json) {
        byte[] out = new byte[json.length + 1];
        out[0] = kind;
        System.arraycopy(json, 0, out, 1, json.length);
        return out;
    }

    @Override
    public String toString() {
        return "LogRecordCodec" + Arrays.toString(new char[] {(char) ACCEPTED, (char) QUARANTINED});
    }
}
