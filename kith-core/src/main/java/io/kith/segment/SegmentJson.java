package io.kith.segment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventType;
import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.IdentifierPresent;
import io.kith.segment.Condition.InSegment;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.ProfileValueCondition;
import io.kith.segment.Condition.SequenceCondition;
import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of conditions, for the API, and the canonical JSON and SHA-256 hash of every node.
 *
 * <p>Every node is an object whose {@code type} says what it is (see {@code docs/segments.md} for the whole form).
 * Literals are plain JSON strings, numbers, booleans and arrays, except dates, written {@code {"date": "...Z"}}, and
 * durations, {@code {"duration": "P3D"}} (ISO-8601, as are window durations); {@code exists} and {@code absent} have no
 * {@code value}. Reading is strict: an unknown field or a wrong type is an error that names the JSON path, so a typo
 * cannot silently widen a segment.
 *
 * <p>The canonical form is this JSON with fields sorted by name, no spaces, and numbers in plain decimal: equal
 * conditions have equal canonical forms, and the hash of a node covers the whole node (window, filters and all), so it
 * can key shared counters and caches. Thread-safe.
 */
public final class SegmentJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final JsonMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(NODES)
            .build();

    private SegmentJson() {
    }

    // ---- writing --------------------------------------------------------------------------------------------------

    public static ObjectNode toJson(Condition c) {
        ObjectNode o = NODES.objectNode();
        switch (c) {
            case And and -> {
                o.put("type", "and");
                ArrayNode a = o.putArray("conditions");
                and.conditions().forEach(x -> a.add(toJson(x)));
            }
            case Or or -> {
                o.put("type", "or");
                ArrayNode a = o.putArray("conditions");
                or.conditions().forEach(x -> a.add(toJson(x)));
            }
            case Not not -> {
                o.put("type", "not");
                o.set("condition", toJson(not.condition()));
            }
            case ProfileValueCondition p -> {
                o.put("type", "value");
                o.put("namespace", p.value().namespace().word());
                o.put("name", p.value().name());
                putComparison(o, p.comparison());
            }
            case IdentifierPresent i -> {
                o.put("type", "identifier");
                o.put("identifierType", i.type());
            }
            case EventCondition e -> {
                o.put("type", "event");
                o.set("filter", toJson(e.filter()));
                o.set("window", toJson(e.window()));
                o.set("aggregate", toJson(e.aggregate()));
                putComparison(o, e.comparison());
            }
            case SequenceCondition s -> {
                o.put("type", "sequence");
                o.set("first", toJson(s.first()));
                o.set("window", toJson(s.window()));
                o.set("then", toJson(s.then()));
                if (s.within() != null) {
                    o.put("within", Durations.iso(s.within()));
                }
                o.put("thenNot", s.thenNot());
            }
            case InSegment in -> {
                o.put("type", "segment");
                o.put("key", in.segmentKey());
            }
        }
        return o;
    }

    public static ObjectNode toJson(EventFilter f) {
        ObjectNode o = NODES.objectNode();
        if (f.eventName() != null) {
            o.put("event", f.eventName());
        }
        if (f.type() != null) {
            o.put("eventType", f.type().wireName());
        }
        if (!f.where().isEmpty()) {
            ArrayNode a = o.putArray("where");
            for (PropertyPredicate p : f.where()) {
                ObjectNode po = a.addObject();
                po.put("path", p.path());
                putComparison(po, p.comparison());
            }
        }
        if (!f.scope().brands().isEmpty()) {
            f.scope().brands().forEach(o.putArray("brands")::add);
        }
        if (!f.scope().sources().isEmpty()) {
            f.scope().sources().forEach(o.putArray("sources")::add);
        }
        return o;
    }

    public static ObjectNode toJson(Window w) {
        ObjectNode o = NODES.objectNode();
        switch (w) {
            case Window.Ever e -> o.put("type", "ever");
            case Window.Within within -> {
                o.put("type", "within");
                o.put("duration", Durations.iso(within.duration()));
            }
            case Window.Between b -> {
                o.put("type", "between");
                o.put("from", Durations.iso(b.from()));
                o.put("to", Durations.iso(b.to()));
            }
            case Window.Since s -> {
                o.put("type", "since");
                o.put("start", s.start().toString());
            }
        }
        return o;
    }

    public static ObjectNode toJson(Aggregate a) {
        ObjectNode o = NODES.objectNode();
        switch (a) {
            case Aggregate.Count c -> o.put("type", "count");
            case Aggregate.Sum s -> o.put("type", "sum").put("path", s.path());
            case Aggregate.Avg s -> o.put("type", "avg").put("path", s.path());
            case Aggregate.Min s -> o.put("type", "min").put("path", s.path());
            case Aggregate.Max s -> o.put("type", "max").put("path", s.path());
        }
        return o;
    }

    private static void putComparison(ObjectNode o, Comparison c) {
        o.put("op", c.op().jsonName());
        if (!(c.value() instanceof NoLit)) {
            o.set("value", literal(c.value()));
        }
    }

    private static JsonNode literal(Literal l) {
        return switch (l) {
            case StringLit s -> NODES.textNode(s.value());
            case NumberLit n -> NODES.numberNode(new BigDecimal(n.value().toPlainString()));
            case BoolLit b -> NODES.booleanNode(b.value());
            case DateLit d -> NODES.objectNode().put("date", d.value().toString());
            case DurationLit d -> NODES.objectNode().put("duration", Durations.iso(d.value()));
            case ListLit list -> {
                ArrayNode a = NODES.arrayNode();
                list.values().forEach(v -> a.add(literal(v)));
                yield a;
            }
            case NoLit n -> NODES.nullNode();
        };
    }

    /** The canonical JSON text of a condition: fields sorted, no spaces, plain decimals. */
    public static String canonical(Condition c) {
        return write(toJson(c));
    }

    /** The SHA-256 of the canonical JSON (UTF-8), in lower-case hex: equal for equal nodes, whatever their position. */
    public static String hash(Condition c) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(c).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /**
     * Reads a condition from JSON text; numbers keep every digit.
     *
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} naming the JSON path and what was wrong
     */
    public static Condition read(String json) {
        JsonNode tree;
        try {
            tree = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "a segment condition is not valid JSON: " + e.getOriginalMessage());
        }
        return read(tree);
    }

    /**
     * Reads a condition from a JSON tree.
     *
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} naming the JSON path and what was wrong
     */
    public static Condition read(JsonNode json) {
        return condition(json, "$", 1);
    }

    /**
     * Reads the condition at {@code depth} (the root is 1). The depth is checked before going down, not after: the
     * nodes check it too, but only once their parts are built, and a tree a thousand levels deep would overflow the
     * stack on the way down.
     */
    private static Condition condition(JsonNode n, String path, int depth) {
        if (depth > Limits.MAX_DEPTH) {
            throw error(path, Limits.depthProblem());
        }
        String type = type(n, path, List.of("and", "or", "not", "value", "identifier", "event", "sequence", "segment"));
        return wrap(path, () -> switch (type) {
            case "and", "or" -> {
                fields(n, path, "type", "conditions");
                List<Condition> list = new ArrayList<>();
                JsonNode a = array(n, "conditions", path);
                for (int i = 0; i < a.size(); i++) {
                    list.add(condition(a.get(i), path + ".conditions[" + i + "]", depth + 1));
                }
                yield type.equals("and") ? new And(list) : new Or(list);
            }
            case "not" -> {
                fields(n, path, "type", "condition");
                yield new Not(condition(required(n, "condition", path), path + ".condition", depth + 1));
            }
            case "value" -> {
                fields(n, path, "type", "namespace", "name", "op", "value");
                String ns = text(n, "namespace", path);
                ProfileValue.Namespace namespace = ProfileValue.Namespace.fromWord(ns).orElseThrow(() -> error(path + ".namespace",
                        "unknown namespace '" + ns + "'" + didYouMean(ns, namespaceWords())));
                yield new ProfileValueCondition(new ProfileValue(namespace, text(n, "name", path)), comparison(n, path));
            }
            case "identifier" -> {
                fields(n, path, "type", "identifierType");
                yield new IdentifierPresent(text(n, "identifierType", path));
            }
            case "event" -> {
                fields(n, path, "type", "filter", "window", "aggregate", "op", "value");
                yield new EventCondition(filter(required(n, "filter", path), path + ".filter"),
                        n.has("window") ? window(n.get("window"), path + ".window") : new Window.Ever(),
                        n.has("aggregate") ? aggregate(n.get("aggregate"), path + ".aggregate") : new Aggregate.Count(),
                        comparison(n, path));
            }
            case "sequence" -> {
                fields(n, path, "type", "first", "window", "then", "within", "thenNot");
                JsonNode thenNot = n.get("thenNot");
                if (thenNot != null && !thenNot.isBoolean()) {
                    throw error(path + ".thenNot", "must be true or false");
                }
                yield new SequenceCondition(filter(required(n, "first", path), path + ".first"),
                        n.has("window") ? window(n.get("window"), path + ".window") : new Window.Ever(),
                        filter(required(n, "then", path), path + ".then"),
                        n.has("within") ? duration(n, "within", path) : null,
                        thenNot != null && thenNot.booleanValue());
            }
            case "segment" -> {
                fields(n, path, "type", "key");
                yield new InSegment(text(n, "key", path));
            }
            default -> throw new IllegalStateException(type);
        });
    }

    /** Reads an event filter in the JSON form; errors name {@code path}. */
    public static EventFilter readFilter(JsonNode n, String path) {
        return filter(n, path);
    }

    /** Reads a window in the JSON form; errors name {@code path}. */
    public static Window readWindow(JsonNode n, String path) {
        return window(n, path);
    }

    private static EventFilter filter(JsonNode n, String path) {
        object(n, path);
        fields(n, path, "event", "eventType", "where", "brands", "sources");
        return wrap(path, () -> {
            String name = n.has("event") ? text(n, "event", path) : null;
            EventType type = null;
            if (n.has("eventType")) {
                String t = text(n, "eventType", path);
                type = EventType.fromWire(t).filter(x -> x.wireName().equals(t)).orElseThrow(() -> error(path + ".eventType",
                        "unknown event type '" + t + "'" + didYouMean(t, eventTypeWords())));
            }
            List<PropertyPredicate> where = new ArrayList<>();
            if (n.has("where")) {
                JsonNode a = array(n, "where", path);
                for (int i = 0; i < a.size(); i++) {
                    String p = path + ".where[" + i + "]";
                    JsonNode w = a.get(i);
                    object(w, p);
                    fields(w, p, "path", "op", "value");
                    where.add(wrap(p, () -> new PropertyPredicate(text(w, "path", p), comparison(w, p))));
                }
            }
            return new EventFilter(name, type, where, new EventFilter.Scope(strings(n, "brands", path), strings(n, "sources", path)));
        });
    }

    private static Window window(JsonNode n, String path) {
        String type = type(n, path, List.of("ever", "within", "between", "since"));
        return wrap(path, () -> switch (type) {
            case "ever" -> {
                fields(n, path, "type");
                yield new Window.Ever();
            }
            case "within" -> {
                fields(n, path, "type", "duration");
                yield new Window.Within(duration(n, "duration", path));
            }
            case "between" -> {
                fields(n, path, "type", "from", "to");
                yield new Window.Between(duration(n, "from", path), duration(n, "to", path));
            }
            case "since" -> {
                fields(n, path, "type", "start");
                yield new Window.Since(instant(text(n, "start", path), path + ".start"));
            }
            default -> throw new IllegalStateException(type);
        });
    }

    private static Aggregate aggregate(JsonNode n, String path) {
        String type = type(n, path, List.of("count", "sum", "avg", "min", "max"));
        if (type.equals("count")) {
            fields(n, path, "type");
            return new Aggregate.Count();
        }
        fields(n, path, "type", "path");
        String p = text(n, "path", path);
        return wrap(path, () -> switch (type) {
            case "sum" -> new Aggregate.Sum(p);
            case "avg" -> new Aggregate.Avg(p);
            case "min" -> new Aggregate.Min(p);
            default -> new Aggregate.Max(p);
        });
    }

    private static Comparison comparison(JsonNode n, String path) {
        String op = text(n, "op", path);
        Operator operator = Operator.fromJsonName(op).orElseThrow(() -> error(path + ".op",
                "unknown operator '" + op + "'" + didYouMean(op, operatorWords())));
        Literal value = n.has("value") ? literal(n.get("value"), path + ".value") : new NoLit();
        return wrap(path, () -> new Comparison(operator, value));
    }

    private static Literal literal(JsonNode v, String path) {
        if (v.isArray()) {
            List<Literal> values = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                values.add(scalar(v.get(i), path + "[" + i + "]"));
            }
            return wrap(path, () -> new ListLit(values));
        }
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return scalar(v, path);
        }
        if (v.isObject() && v.size() == 1 && v.has("date")) {
            return wrap(path, () -> new DateLit(instant(text(v, "date", path), path + ".date")));
        }
        if (v.isObject() && v.size() == 1 && v.has("duration")) {
            return wrap(path, () -> new DurationLit(duration(v, "duration", path)));
        }
        throw error(path, "must be a string, number, boolean, list, {\"date\": \"...\"} or {\"duration\": \"P3D\"}");
    }

    /** A string, number or boolean: what a list holds (never another list, so reading a list cannot go deep). */
    private static Literal scalar(JsonNode v, String path) {
        if (v.isTextual()) {
            return new StringLit(v.textValue());
        }
        if (v.isNumber()) {
            BigDecimal n = SegmentEvaluator.numeric(v);
            if (n == null) {
                throw error(path, "is not a finite number");
            }
            return wrap(path, () -> new NumberLit(n));
        }
        if (v.isBoolean()) {
            return new BoolLit(v.booleanValue());
        }
        throw error(path, "must be a string, number or boolean");
    }

    // ---- reading helpers ------------------------------------------------------------------------------------------

    private interface Build<T> {
        T get();
    }

    /** Turns a validation failure of a record into an error that names the JSON path. */
    private static <T> T wrap(String path, Build<T> build) {
        try {
            return build.get();
        } catch (KithException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw error(path, e.getMessage());
        }
    }

    private static KithException error(String path, String message) {
        return new KithException(ErrorCode.INVALID_ARGUMENT, path + ": " + message);
    }

    private static void object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw error(path, "must be an object");
        }
    }

    private static String type(JsonNode n, String path, List<String> allowed) {
        object(n, path);
        String t = text(n, "type", path);
        if (!allowed.contains(t)) {
            throw error(path + ".type", "unknown type '" + t + "'" + didYouMean(t, allowed) + "; one of " + String.join(", ", allowed));
        }
        return t;
    }

    private static void fields(JsonNode n, String path, String... allowed) {
        List<String> known = List.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw error(path + "." + f, "unknown field" + didYouMean(f, known));
            }
        }
    }

    private static JsonNode required(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw error(path + "." + field, "is required");
        }
        return v;
    }

    private static String text(JsonNode n, String field, String path) {
        JsonNode v = required(n, field, path);
        if (!v.isTextual()) {
            throw error(path + "." + field, "must be a string");
        }
        return v.textValue();
    }

    private static JsonNode array(JsonNode n, String field, String path) {
        JsonNode v = required(n, field, path);
        if (!v.isArray()) {
            throw error(path + "." + field, "must be an array");
        }
        return v;
    }

    private static Set<String> strings(JsonNode n, String field, String path) {
        Set<String> out = new LinkedHashSet<>();
        if (!n.has(field)) {
            return out;
        }
        JsonNode a = array(n, field, path);
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) {
                throw error(path + "." + field + "[" + i + "]", "must be a string");
            }
            out.add(a.get(i).textValue());
        }
        return out;
    }

    private static Duration duration(JsonNode n, String field, String path) {
        String s = text(n, field, path);
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw error(path + "." + field, "'" + s + "' is not an ISO-8601 duration such as P3D or PT12H");
        }
    }

    private static Instant instant(String s, String path) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw error(path, "'" + s + "' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
    }

    private static String didYouMean(String word, List<String> candidates) {
        return Suggestions.closest(word, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    private static List<String> namespaceWords() {
        return java.util.Arrays.stream(ProfileValue.Namespace.values()).map(ProfileValue.Namespace::word).toList();
    }

    private static List<String> eventTypeWords() {
        return java.util.Arrays.stream(EventType.values()).map(EventType::wireName).toList();
    }

    private static List<String> operatorWords() {
        return java.util.Arrays.stream(Operator.values()).map(Operator::jsonName).toList();
    }
}
