package io.kith.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.EventType;
import io.kith.event.Timestamps;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Applies an {@link ImportMapping} to the rows of one event, giving the event's JSON as a client would send it. */
final class RowMapper {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ImportMapping mapping;
    private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

    RowMapper(ImportMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * Maps the rows of one event (one row, or a group of rows with the same {@code groupBy} key).
     *
     * @param defaultMessageId used when the mapping makes no messageId: stable for a file and line, so a re-import dedups
     */
    ObjectNode map(List<Row> rows, String defaultMessageId) throws RowError {
        Row first = rows.get(0);
        ObjectNode e = F.objectNode();
        e.put("type", mapping.type().wireName());
        putText(e, "messageId", mapping.messageId(), first);
        if (!e.has("messageId")) {
            e.put("messageId", defaultMessageId);
        }
        putText(e, "userId", mapping.userId(), first);
        putText(e, "anonymousId", mapping.anonymousId(), first);
        putText(e, "previousId", mapping.previousId(), first);
        putText(e, "groupId", mapping.groupId(), first);
        if (mapping.event() != null) {
            putText(e, mapping.type() == EventType.TRACK ? "event" : "name", mapping.event(), first);
        }
        if (mapping.timestamp() != null) {
            JsonNode ts = value(mapping.timestamp(), first, "timestamp", ValueSpec.ValueType.TIMESTAMP);
            if (ts != null) {
                e.set("timestamp", ts);
            }
        }
        ObjectNode properties = (ObjectNode) value(mapping.properties(), first, "properties", null);
        if (mapping.groupBy() != null) {
            if (properties == null) {
                properties = F.objectNode();
            }
            ArrayNode items = properties.putArray(mapping.groupBy().into());
            for (Row row : rows) {
                JsonNode item = value(mapping.groupBy().item(), row, "groupBy.item", null);
                items.add(item == null ? F.objectNode() : item);
            }
        }
        if (properties != null && !properties.isEmpty()) {
            e.set("properties", properties);
        }
        ObjectNode context = (ObjectNode) value(mapping.context(), first, "context", null);
        if (context == null) {
            context = F.objectNode();
        }
        ObjectNode traits = (ObjectNode) value(mapping.traits(), first, "traits", null);
        if (traits != null && !traits.isEmpty()) {
            if (mapping.type() == EventType.IDENTIFY || mapping.type() == EventType.GROUP) {
                e.set("traits", traits);
            } else {
                context.set("traits", traits);
            }
        }
        if (mapping.externalIds() != null) {
            ArrayNode ids = F.arrayNode();
            for (int i = 0; i < mapping.externalIds().items().size(); i++) {
                JsonNode ext = value(mapping.externalIds().items().get(i), first, "externalIds[" + i + "]", null);
                if (ext instanceof ObjectNode o && o.hasNonNull("id") && o.hasNonNull("type")) {
                    if (!o.has("collection")) {
                        o.put("collection", "users");
                    }
                    if (!o.has("encoding")) {
                        o.put("encoding", "none");
                    }
                    ids.add(o);
                }
            }
            if (!ids.isEmpty()) {
                context.set("externalIds", ids);
            }
        }
        if (!context.isEmpty()) {
            e.set("context", context);
        }
        return e;
    }

    private void putText(ObjectNode e, String field, ValueSpec spec, Row row) throws RowError {
        if (spec != null) {
            JsonNode v = value(spec, row, field, null);
            if (v != null && !v.isNull()) {
                e.set(field, v);
            }
        }
    }

    /** Evaluates a spec against a row; null means "leave the key out". */
    private JsonNode value(ValueSpec spec, Row row, String path, ValueSpec.ValueType hint) throws RowError {
        return switch (spec) {
            case ValueSpec.Literal l -> l.value();
            case ValueSpec.Template t -> {
                String s = template(t, row);
                if (s == null) {
                    yield null;
                }
                yield hint == ValueSpec.ValueType.TIMESTAMP ? F.textNode(s) : F.textNode(s);
            }
            case ValueSpec.Column c -> column(c, row, path);
            case ValueSpec.Nested n -> {
                ObjectNode o = F.objectNode();
                for (Map.Entry<String, ValueSpec> f : n.fields().entrySet()) {
                    JsonNode v = value(f.getValue(), row, path + "." + f.getKey(), null);
                    if (v != null) {
                        o.set(f.getKey(), v);
                    }
                }
                yield o;
            }
            case ValueSpec.ListOf l -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < l.items().size(); i++) {
                    JsonNode v = value(l.items().get(i), row, path + "[" + i + "]", null);
                    if (v != null) {
                        a.add(v);
                    }
                }
                yield a;
            }
        };
    }

    private static String template(ValueSpec.Template t, Row row) {
        if (t.columns().isEmpty()) {
            return t.literals().get(0);
        }
        StringBuilder sb = new StringBuilder(t.literals().get(0));
        for (int i = 0; i < t.columns().size(); i++) {
            String v = row.get(t.columns().get(i));
            if (v == null || v.isBlank()) {
                return null;
            }
            sb.append(v.trim()).append(t.literals().get(i + 1));
        }
        return sb.toString();
    }

    private JsonNode column(ValueSpec.Column c, Row row, String path) throws RowError {
        String raw = row.get(c.column());
        if (raw == null || raw.isBlank()) {
            raw = c.defaultValue();
        }
        if (raw == null || raw.isBlank()) {
            if (c.required()) {
                throw new RowError(c.column(), "required for " + path + " but empty");
            }
            return null;
        }
        String v = raw.trim();
        ValueSpec.ValueType type = c.type();
        try {
            return switch (type) {
                case STRING -> F.textNode(v);
                case NUMBER -> F.numberNode(finite(new BigDecimal(v.replace("_", ""))));
                case INTEGER -> F.numberNode(Long.parseLong(v));
                case BOOLEAN -> F.booleanNode(bool(v));
                case TIMESTAMP -> F.textNode(timestamp(c, v).toString());
            };
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw new RowError(c.column(), "expected " + article(type) + " for " + path + ", got " + FieldCheck.shown(v));
        }
    }

    /**
     * The number, if a double can hold it: stored events are read back as JSON numbers, and {@code 1e400} would come
     * back as Infinity, which no sum or comparison survives. ({@code NaN} and {@code Infinity} do not even parse.)
     */
    private static BigDecimal finite(BigDecimal n) {
        if (Double.isInfinite(n.doubleValue())) {
            throw new NumberFormatException("not finite as a double: " + n);
        }
        return n;
    }

    private static String article(ValueSpec.ValueType t) {
        return switch (t) {
            case INTEGER -> "an integer";
            case NUMBER -> "a finite number";
            case TIMESTAMP -> "a timestamp";
            default -> "a " + t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "t" -> true;
            case "false", "no", "n", "0", "f" -> false;
            default -> throw new IllegalArgumentException(v);
        };
    }

    private Instant timestamp(ValueSpec.Column c, String v) {
        if (c.format() == null) {
            return Timestamps.parse(v).map(i -> c.zone().getId().equals("UTC") ? i
                    : LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC).atZone(c.zone()).toInstant())
                    .orElseThrow(() -> new IllegalArgumentException(v));
        }
        DateTimeFormatter f = formatters.computeIfAbsent(c.format(), DateTimeFormatter::ofPattern);
        TemporalAccessor t = f.parseBest(v, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
        return switch (t) {
            case ZonedDateTime z -> z.toInstant();
            case LocalDateTime l -> l.atZone(c.zone()).toInstant();
            case LocalDate d -> d.atStartOfDay(c.zone()).toInstant();
            default -> throw new IllegalArgumentException(v);
        };
    }
}
