package io.kith.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A mapping file: how the rows of one export (POS lines, a CRM dump, call-centre contacts) become
 * Segment-spec events. See {@code docs/import.md} for the format. Validated on load: every error names the
 * key and the value seen.
 */
public record ImportMapping(
        Format format,
        char delimiter,
        Charset encoding,
        EventType type,
        ValueSpec event,
        ValueSpec messageId,
        ValueSpec userId,
        ValueSpec anonymousId,
        ValueSpec previousId,
        ValueSpec groupId,
        ValueSpec timestamp,
        ValueSpec.Nested properties,
        ValueSpec.Nested traits,
        ValueSpec.Nested context,
        ValueSpec.ListOf externalIds,
        GroupBy groupBy) {

    /**
     * The file formats the importer reads: CSV with a header, JSON Lines mapped like CSV columns, or SEGMENT:
     * JSON Lines where every line already is a Segment-spec event (a Segment or RudderStack export), taken as is.
     */
    public enum Format { CSV, JSONL, SEGMENT }

    /** The mapping of a Segment-format file: nothing to map. */
    public static ImportMapping segment() {
        return new ImportMapping(Format.SEGMENT, ',', java.nio.charset.StandardCharsets.UTF_8, EventType.TRACK, null, null, null, null,
                null, null, null, new ValueSpec.Nested(Map.of()), new ValueSpec.Nested(Map.of()), new ValueSpec.Nested(Map.of()), null, null);
    }

    /** Consecutive rows with the same key become one event whose {@code into} property lists one item per row. */
    public record GroupBy(String key, String into, ValueSpec.Nested item) {
    }

    private static final Set<String> KEYS = Set.of("format", "delimiter", "encoding", "type", "event", "messageId", "userId",
            "anonymousId", "previousId", "groupId", "timestamp", "properties", "traits", "context", "externalIds", "groupBy", "description");

    public static ImportMapping read(InputStream in, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_MAPPING, name + ": not valid JSON: " + e.getMessage(), e);
        }
        return parse(root, name);
    }

    public static ImportMapping parse(JsonNode root, String name) {
        if (root == null || !root.isObject()) {
            throw new KithException(ErrorCode.INVALID_MAPPING, name + ": a mapping is a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new KithException(ErrorCode.INVALID_MAPPING, name + ": unknown key \"" + k + "\"; known keys are " + new java.util.TreeSet<>(KEYS));
            }
        }
        Format format = switch (root.path("format").asText("csv").toLowerCase(Locale.ROOT)) {
            case "csv" -> Format.CSV;
            case "jsonl", "ndjson", "json-lines" -> Format.JSONL;
            case "segment" -> Format.SEGMENT;
            default -> throw new KithException(ErrorCode.INVALID_MAPPING, name + ": \"format\" must be csv or jsonl, was " + root.get("format"));
        };
        String delimiterText = root.path("delimiter").asText(",");
        if (delimiterText.equals("\\t") || delimiterText.equals("tab")) {
            delimiterText = "\t";
        }
        if (delimiterText.length() != 1) {
            throw new KithException(ErrorCode.INVALID_MAPPING, name + ": \"delimiter\" must be one character, was \"" + delimiterText + "\"");
        }
        Charset encoding;
        try {
            encoding = Charset.forName(root.path("encoding").asText("UTF-8"));
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_MAPPING, name + ": unknown \"encoding\" " + root.get("encoding"));
        }
        if (format == Format.SEGMENT) {
            return segment();
        }
        JsonNode typeNode = root.get("type");
        EventType type = EventType.fromWire(typeNode == null ? null : typeNode.asText()).orElseThrow(() -> new KithException(
                ErrorCode.INVALID_MAPPING, name + ": \"type\" must be one of identify, track, page, screen, group, alias; was " + typeNode));
        Specs specs = new Specs(name);
        ValueSpec event = specs.optional(root, "event");
        if (type == EventType.TRACK && event == null) {
            throw new KithException(ErrorCode.INVALID_MAPPING, name + ": a track mapping needs \"event\" (the event name)");
        }
        ValueSpec userId = specs.optional(root, "userId");
        ValueSpec anonymousId = specs.optional(root, "anonymousId");
        ValueSpec.ListOf externalIds = null;
        if (root.has("externalIds")) {
            if (!root.get("externalIds").isArray()) {
                throw new KithException(ErrorCode.INVALID_MAPPING, name + ": \"externalIds\" must be an array of {\"type\", \"id\"}");
            }
            externalIds = (ValueSpec.ListOf) specs.spec(root.get("externalIds"), "externalIds");
        }
        if (userId == null && anonymousId == null && type != EventType.ALIAS) {
            throw new KithException(ErrorCode.INVALID_MAPPING, name + ": map \"userId\" or \"anonymousId\": every event needs one"
                    + " (use a column such as a CRM id or loyalty card, e.g. \"anonymousId\": \"card-{card}\")");
        }
        GroupBy groupBy = null;
        if (root.has("groupBy")) {
            JsonNode g = root.get("groupBy");
            String key = g.path("key").asText(null);
            String into = g.path("into").asText(null);
            if (key == null || into == null || !g.path("item").isObject()) {
                throw new KithException(ErrorCode.INVALID_MAPPING, name + ": \"groupBy\" needs \"key\" (a column), \"into\" (a property name) and \"item\" (an object), was " + g);
            }
            groupBy = new GroupBy(key, into, (ValueSpec.Nested) specs.spec(g.get("item"), "groupBy.item"));
        }
        return new ImportMapping(format, delimiterText.charAt(0), encoding, type, event, specs.optional(root, "messageId"), userId,
                anonymousId, specs.optional(root, "previousId"), specs.optional(root, "groupId"), specs.optional(root, "timestamp"),
                specs.object(root, "properties"), specs.object(root, "traits"), specs.object(root, "context"), externalIds, groupBy);
    }

    /** Parses value specs, naming the key path in errors. */
    private record Specs(String name) {
        ValueSpec optional(JsonNode root, String key) {
            JsonNode n = root.get(key);
            return n == null || n.isNull() ? null : spec(n, key);
        }

        ValueSpec.Nested object(JsonNode root, String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return new ValueSpec.Nested(Map.of());
            }
            if (!n.isObject()) {
                throw new KithException(ErrorCode.INVALID_MAPPING, name + ": \"" + key + "\" must be an object, was " + n);
            }
            return (ValueSpec.Nested) spec(n, key);
        }

        ValueSpec spec(JsonNode n, String path) {
            if (n.isTextual()) {
                return template(n.asText(), path);
            }
            if (n.isArray()) {
                List<ValueSpec> items = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    items.add(spec(n.get(i), path + "[" + i + "]"));
                }
                return new ValueSpec.ListOf(items);
            }
            if (n.isObject()) {
                if (n.has("column")) {
                    return column(n, path);
                }
                Map<String, ValueSpec> fields = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    fields.put(e.getKey(), spec(e.getValue(), path + "." + e.getKey()));
                }
                return new ValueSpec.Nested(fields);
            }
            return new ValueSpec.Literal(n);
        }

        private ValueSpec column(JsonNode n, String path) {
            String column = n.path("column").asText();
            if (column.isBlank()) {
                throw new KithException(ErrorCode.INVALID_MAPPING, name + ": " + path + ".column must name a column");
            }
            ValueSpec.ValueType type;
            String typeText = n.path("type").asText("string").toUpperCase(Locale.ROOT);
            try {
                type = ValueSpec.ValueType.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                throw new KithException(ErrorCode.INVALID_MAPPING, name + ": " + path + ".type must be string, number, integer, boolean or timestamp; was \""
                        + n.path("type").asText() + "\"");
            }
            ZoneId zone = ZoneId.of("UTC");
            if (n.has("zone")) {
                try {
                    zone = ZoneId.of(n.get("zone").asText());
                } catch (java.time.DateTimeException e) {
                    throw new KithException(ErrorCode.INVALID_MAPPING, name + ": " + path + ".zone is not a time zone: \"" + n.get("zone").asText() + "\"");
                }
            }
            String format = n.path("format").asText(null);
            if (format != null) {
                try {
                    java.time.format.DateTimeFormatter.ofPattern(format);
                } catch (IllegalArgumentException e) {
                    throw new KithException(ErrorCode.INVALID_MAPPING, name + ": " + path + ".format is not a date-time pattern: \"" + format + "\": " + e.getMessage());
                }
            }
            return new ValueSpec.Column(column, type, format, zone, n.path("default").asText(null), n.path("required").asBoolean(false));
        }

        private static ValueSpec template(String text, String path) {
            List<String> literals = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            StringBuilder lit = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '{') {
                    int end = text.indexOf('}', i);
                    if (end < 0) {
                        throw new KithException(ErrorCode.INVALID_MAPPING, "template at " + path + " has an unclosed '{': \"" + text + "\"");
                    }
                    literals.add(lit.toString());
                    lit.setLength(0);
                    columns.add(text.substring(i + 1, end).trim());
                    i = end + 1;
                } else {
                    lit.append(c);
                    i++;
                }
            }
            literals.add(lit.toString());
            return new ValueSpec.Template(List.copyOf(literals), List.copyOf(columns));
        }
    }
}
