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
import java.util.Map;

/**
 * The byte form of {@link LogRecord}s in the log: one kind byte ('E' for an accepted event, 'Q' for a
 * quarantined one) followed by UTF-8 JSON. An event is stored in Segment's wire shape, as
 * {@link EventParser} left it, so the log reads like any Segment export.
 */
public final class LogRecordCodec {
    private static final byte ACCEPTED = 'E';
    private static final byte QUARANTINED = 'Q';
    private static final byte ERASED = 'X';

    private final ObjectMapper mapper;
    private final StoredEventReader events;

    public LogRecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.events = new StoredEventReader(mapper);
    }

    public byte[] encode(LogRecord record) {
        try {
            return switch (record) {
                case LogRecord.Accepted a -> prefixed(ACCEPTED, mapper.writeValueAsBytes(a.event().json()));
                case LogRecord.Quarantined q -> prefixed(QUARANTINED, mapper.writeValueAsBytes(quarantineJson(q.event())));
                case LogRecord.Erased x -> prefixed(ERASED, mapper.writeValueAsBytes(mapper.createObjectNode().put("erased", x.regulationId())));
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
            return switch (bytes[0]) {
                // An accepted event keeps its bytes; its tree is parsed only if someone asks for it.
                case ACCEPTED -> new LogRecord.Accepted(events.read(Arrays.copyOfRange(bytes, 1, bytes.length)));
                case QUARANTINED -> new LogRecord.Quarantined(quarantineFromJson(mapper.readTree(bytes, 1, bytes.length - 1)));
                case ERASED -> new LogRecord.Erased(mapper.readTree(bytes, 1, bytes.length - 1).path("erased").asText());
                default -> throw new KithException(ErrorCode.STORAGE_FAILURE, "unknown log record kind byte " + bytes[0]);
            };
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "corrupt log record: " + e.getMessage(), e);
        }
    }

    /** Rebuilds an {@link Event} from its stored JSON (as written by {@link EventParser}). */
    public static Event eventFromJson(ObjectNode json) {
        return StoredEventReader.fromTree(json);
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

    /** A {@link Writer} for one request's events. */
    public Writer writer() {
        return new Writer();
    }

    /**
     * Encodes accepted events from the bytes they arrived in: the members Kith did not change are copied, the ones
     * it set or corrected are written from the event's tree, in the tree's order. The record decodes to exactly
     * the {@link Event} (and JSON) that {@link #encode} would give. One per request; not thread-safe.
     */
    public final class Writer {
        private static final byte[][] KNOWN_NAMES = new byte[RawEvent.KNOWN.length][];

        static {
            for (int k = 0; k < KNOWN_NAMES.length; k++) {
                KNOWN_NAMES[k] = ("\"" + RawEvent.KNOWN[k] + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
        }

        private final String[] cacheKey = new String[8];
        private final byte[][] cacheBytes = new byte[8][];
        private int cached;
        private byte[] buf = new byte[2048];
        private int len;
        private boolean first;

        private Writer() {
        }

        /** The log record of {@code event}, which {@link EventParser} accepted from {@code raw}. */
        public byte[] accepted(Event event, RawEvent raw) {
            byte[] fast = raw == null ? null : splice(event.json(), raw);
            return fast != null ? fast : encode(new LogRecord.Accepted(event));
        }

        /**
         * Walks the tree's members in order beside the raw ones: the tree holds the raw members in their order (less
         * those Kith removed, with the values it set), then the ones Kith added. A member Kith does not write is
         * copied; any other is written from the tree. Null when the two do not line up (a member given twice).
         */
        private byte[] splice(ObjectNode json, RawEvent raw) {
            len = 0;
            first = true;
            ensure(raw.size() + 256);
            buf[len++] = ACCEPTED;
            buf[len++] = '{';
            int runStart = -1;
            int runEnd = -1;
            int j = 0;
            for (Map.Entry<String, JsonNode> e : json.properties()) {
                String key = e.getKey();
                while (j < raw.count && raw.kind[j] >= 0 && raw.kind[j] < RawEvent.MANAGED.length && !raw.name[j].equals(key)) {
                    j++; // a member of Kith's that it removed (writeKey, a null id): the copied run stops before it
                    if (runStart >= 0) {
                        copy(raw.body, runStart, runEnd);
                        runStart = -1;
                    }
                }
                if (j < raw.count && raw.name[j].equals(key)) {
                    int k = raw.kind[j];
                    if (k < 0 || (k >= RawEvent.MANAGED.length && (raw.changed & (1 << k)) == 0)) {
                        if (runStart < 0) {
                            runStart = raw.memberStart[j];
                        }
                        runEnd = raw.memberEnd[j];
                        j++;
                        continue;
                    }
                    j++;
                } else if (j < raw.count && raw.kind[j] < 0) {
                    return null; // the tree has no member here for a raw one (a name given twice)
                }
                if (runStart >= 0) {
                    copy(raw.body, runStart, runEnd);
                    runStart = -1;
                }
                member(key, e.getValue());
            }
            if (runStart >= 0) {
                copy(raw.body, runStart, runEnd);
            }
            for (; j < raw.count; j++) {
                if (raw.kind[j] < 0 || raw.kind[j] >= RawEvent.MANAGED.length) {
                    return null; // a raw member that the tree does not have
                }
            }
            ensure(1);
            buf[len++] = '}';
            return Arrays.copyOf(buf, len);
        }

        private void copy(byte[] from, int start, int end) {
            ensure(end - start + 1);
            if (!first) {
                buf[len++] = ',';
            }
            first = false;
            System.arraycopy(from, start, buf, len, end - start);
            len += end - start;
        }

        private void member(String name, JsonNode v) {
            byte[] known = knownName(name);
            ensure(1 + (known == null ? 0 : known.length));
            if (!first) {
                buf[len++] = ',';
            }
            first = false;
            if (known != null) {
                System.arraycopy(known, 0, buf, len, known.length);
                len += known.length;
            } else {
                if (!plainAscii(name)) {
                    tree(mapper.getNodeFactory().textNode(name));
                }
                ensure(1);
                buf[len++] = ':';
            }
            boolean shared = name == "receivedAt" || name == "sourceId" || name == "brand" || name == "type";
            if (!(v.isTextual() && text(v.textValue(), shared))) {
                tree(v);
            }
        }

        /** {@code "name":} for Kith's own member names (the same String instances, so compared by identity). */
        private static byte[] knownName(String name) {
            for (int k = 0; k < RawEvent.KNOWN.length; k++) {
                if (RawEvent.KNOWN[k] == name) {
                    return KNOWN_NAMES[k];
                }
            }
            return null;
        }

        /**
         * Writes a string value. The values shared by every event of a request (receivedAt, sourceId, brand, type)
         * are the same String instances: their bytes are kept after the first event.
         */
        private boolean text(String s, boolean shared) {
            for (int i = 0; shared && i < cached; i++) {
                if (cacheKey[i] == s) {
                    byte[] b = cacheBytes[i];
                    ensure(b.length);
                    System.arraycopy(b, 0, buf, len, b.length);
                    len += b.length;
                    return true;
                }
            }
            int at = len;
            if (!plainAscii(s)) {
                return false;
            }
            if (shared && cached < cacheKey.length) {
                cacheKey[cached] = s;
                cacheBytes[cached++] = Arrays.copyOfRange(buf, at, len);
            }
            return true;
        }

        private void tree(JsonNode v) {
            byte[] b;
            try {
                b = mapper.writeValueAsBytes(v);
            } catch (JsonProcessingException e) {
                throw new KithException(ErrorCode.INTERNAL, "cannot encode log record: " + e.getMessage(), e);
            }
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        /** Writes {@code s} as a JSON string when it needs no escape and is ASCII; else writes nothing and answers false. */
        private boolean plainAscii(String s) {
            int n = s.length();
            ensure(n + 2);
            byte[] b = buf;
            int at = len;
            b[at++] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
                b[at++] = (byte) c;
            }
            b[at++] = '"';
            len = at;
            return true;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }
    }

    @Override
    public String toString() {
        return "LogRecordCodec" + Arrays.toString(new char[] {(char) ACCEPTED, (char) QUARANTINED});
    }
}
