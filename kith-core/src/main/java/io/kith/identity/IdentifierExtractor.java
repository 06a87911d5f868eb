package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventType;
import io.kith.event.StoredEventReader;
import io.kith.event.StoredJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the identifiers of an event: {@code userId}, {@code anonymousId}, the configured trait, property and
 * context fields, and Segment's {@code context.externalIds}; normalises them and sets aside blocked and invalid
 * values. Thread-safe.
 */
public final class IdentifierExtractor {
    /** A configured field ({@code traits.email}) split once into its root object and the names below it. */
    private record FieldPath(String field, Root root, String[] names, String type) {
    }

    private enum Root { TRAITS, PROPERTIES, CONTEXT }

    private final IdentityRules rules;
    private final Normalizer normalizer = new Normalizer();
    private final Function<String, String> regionOfSource;
    private final Function<String, String> kindOfSource;
    private final FieldPath[] fields;
    /** See {@link #canonical}. */
    private final ConcurrentHashMap<String, String> canonical = new ConcurrentHashMap<>();
    private static final int MAX_CANONICAL = 10_000;
    private static final StoredEventReader READER = new StoredEventReader(new ObjectMapper());
    private static final ObjectNode EMPTY = new ObjectMapper().createObjectNode();

    /** @param regionOfSource the default phone region of a source id (null when none) */
    public IdentifierExtractor(IdentityRules rules, Function<String, String> regionOfSource) {
        this(rules, regionOfSource, id -> null);
    }

    /** @param kindOfSource the kind of a source id, lower case (null when unknown), for the rules' {@code trust} */
    public IdentifierExtractor(IdentityRules rules, Function<String, String> regionOfSource, Function<String, String> kindOfSource) {
        this.rules = rules;
        this.regionOfSource = regionOfSource;
        this.kindOfSource = kindOfSource;
        this.fields = rules.fields().entrySet().stream().map(f -> {
            String path = f.getKey();
            int dot = path.indexOf('.');
            Root root = switch (path.substring(0, dot)) {
                case "traits" -> Root.TRAITS;
                case "properties" -> Root.PROPERTIES;
                default -> Root.CONTEXT;
            };
            return new FieldPath(path, root, path.substring(dot + 1).split("\\."), f.getValue());
        }).toArray(FieldPath[]::new);
    }

    /**
     * Everything resolution reads of {@code e}. An event read back from storage is read from its stored bytes, parsing
     * only the members looked at, without building its tree; the result is the same as from the tree.
     */
    public IdentityInput input(Event e) {
        try {
            return read(e);
        } catch (RuntimeException unreadable) {
            // Never a stop for resolution: the event links nothing and says why, the same way in a rebuild as live.
            String why = "the event could not be read for identity: " + unreadable.getClass().getSimpleName() + ": " + unreadable.getMessage();
            return new IdentityInput(e.type(), canonical(e.sourceId()), canonical(e.brand()), e.timestamp(),
                    new Extraction(List.of(), List.of(new Extraction.Refused("event", "unreadable", "$", RefusalRule.UNREADABLE_EVENT, why))), List.of());
        }
    }

    private IdentityInput read(Event e) {
        View v = view(e);
        JsonNode traits = v.traits();
        List<IdentityInput.TraitInput> said = traits.isEmpty() ? List.of() : new ArrayList<>(traits.size());
        for (Map.Entry<String, JsonNode> f : traits.properties()) {
            said.add(new IdentityInput.TraitInput(f.getKey(), f.getValue()));
        }
        String sourceId = canonical(e.sourceId());
        return new IdentityInput(e.type(), sourceId, canonical(e.brand()), e.timestamp(), extract(e, sourceId, v), said);
    }

    /**
     * One instance per source id and brand: each event read from storage brings its own copies, and the graph looks them
     * up on every event, where a shared instance has its hash at hand and compares equal by identity. Bounded (about
     * {@value #MAX_CANONICAL}: threads may add a few past it), in case a store holds more distinct values than sources can have.
     */
    private String canonical(String s) {
        if (s == null) {
            return null;
        }
        String known = canonical.get(s);
        if (known != null) {
            return known;
        }
        if (canonical.size() < MAX_CANONICAL) {
            known = canonical.putIfAbsent(s, s);
        }
        return known == null ? s : known;
    }

    public Extraction extract(Event e) {
        return extract(e, e.sourceId(), view(e));
    }

    /**
     * The parts of an event identifiers are found in: its traits (an identify or group call's {@code traits}, another
     * call's {@code context.traits}), and the members of {@code properties} and {@code context} that configured fields
     * and {@code externalIds} start at (null when absent).
     */
    private record View(ObjectNode traits, Function<String, JsonNode> property, Function<String, JsonNode> context) {
    }

    private View view(Event e) {
        StoredJson stored = e.storedJson();
        if (stored == null) {
            ObjectNode properties = e.properties();
            ObjectNode context = e.context();
            return new View(e.traits(), properties::get, context::get);
        }
        // From the stored bytes: only the members looked at are parsed (or, for a string, read as text).
        StoredJson.Slice traitsAt = e.type() == EventType.IDENTIFY || e.type() == EventType.GROUP
                ? stored.member("traits") : stored.member("context", "traits");
        ObjectNode traits = traitsAt != null && traitsAt.isObject() ? (ObjectNode) READER.node(traitsAt) : EMPTY;
        return new View(traits, name -> READER.node(stored.member("properties", name)), name -> READER.node(stored.member("context", name)));
    }

    private Extraction extract(Event e, String sourceId, View view) {
        List<Extraction.Candidate> found = new ArrayList<>(4);
        List<Extraction.Refused> refused = new ArrayList<>(0);
        String region = regionOfSource.apply(sourceId);
        add("user_id", e.userId(), "userId", region, found, refused);
        add("anonymous_id", e.anonymousId(), "anonymousId", region, found, refused);
        for (FieldPath f : fields) {
            JsonNode first = switch (f.root()) {
                case TRAITS -> view.traits().get(f.names()[0]);
                case PROPERTIES -> view.property().apply(f.names()[0]);
                case CONTEXT -> view.context().apply(f.names()[0]);
            };
            JsonNode v = at(first, f.names());
            if (v != null && v.isValueNode() && !v.isNull()) {
                add(f.type(), v.asText(), f.field(), region, found, refused);
            }
        }
        JsonNode ext = view.context().apply("externalIds");
        if (ext != null && ext.isArray()) {
            for (int i = 0; i < ext.size(); i++) {
                JsonNode x = ext.get(i);
                String type = x.path("type").asText("");
                JsonNode id = x.get("id");
                if (!type.isBlank() && id != null && id.isValueNode() && !id.isNull()) {
                    add(rules.externalIdType(type), id.asText(), "context.externalIds[" + i + "]", region, found, refused);
                }
            }
        }
        return rules.trusted(new Extraction(found, refused), sourceId, kindOfSource);
    }

    /** The node at the end of a path, given the node its first name leads to; null when the path leads nowhere. */
    private static JsonNode at(JsonNode first, String[] names) {
        JsonNode n = first;
        for (int i = 1; i < names.length; i++) {
            if (n == null || n.isEmpty()) {
                return null;
            }
            n = n.get(names[i]);
        }
        return n;
    }

    /** Whether an identifier was found already (an event carries a handful: a scan beats a hash set). */
    private static boolean holds(List<Extraction.Candidate> found, Identifier id) {
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).identifier().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private void add(String type, String raw, String field, String region, List<Extraction.Candidate> found,
                     List<Extraction.Refused> refused) {
        if (raw == null || raw.isBlank()) {
            return; // no value given: nothing to link, nothing to refuse (an empty value is no identifier at all)
        }
        if (!Identifier.isTypeName(type)) {
            refused.add(new Extraction.Refused(type, raw, field, RefusalRule.INVALID_VALUE, "\"" + type + "\" is not a valid identifier type name"));
            return;
        }
        if (io.kith.event.CardNumbers.isMasked(raw)) {
            // a card number masked at the door (a numeric loyalty card or account number that reads as one): its last four
            // digits are no identifier, and people whose values end alike would be merged by it
            refused.add(new Extraction.Refused(type, raw, field, RefusalRule.INVALID_VALUE,
                    "a masked card number (only its last four digits were kept) identifies nobody"));
            return;
        }
        switch (normalizer.normalize(rules.type(type).normalization(), raw, region)) {
            case Normalizer.Result.Invalid inv -> refused.add(new Extraction.Refused(type, raw, field, RefusalRule.INVALID_VALUE, inv.reason()));
            case Normalizer.Result.Value val -> {
                if (rules.isBlocked(type, val.value())) {
                    refused.add(new Extraction.Refused(type, val.value(), field, RefusalRule.BLOCKED_VALUE, "blocked value (a placeholder that must not link people)"));
                } else {
                    Identifier id = new Identifier(type, val.value());
                    if (!holds(found, id)) {
                        found.add(new Extraction.Candidate(id, rules.type(type).priority(), field));
                    }
                }
            }
        }
    }
}
