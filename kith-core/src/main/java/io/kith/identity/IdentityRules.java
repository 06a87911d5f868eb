package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The identity resolution rules: identifier types with their class, priority and limits; where identifiers
 * are found in an event; blocked values; the giant-profile threshold; the source priority of traits; and which
 * classes of identifiers each source may link ({@code trust}).
 * Defaults in {@code identity-defaults.json} (documented in docs/identity.md); a user file overrides them key by key.
 */
public final class IdentityRules {
    private final Map<String, IdentifierType> types;
    private final IdentifierType customType;
    private final Map<String, String> fields;
    private final Map<String, String> externalIdTypes;
    private final Set<String> cardFields;
    private final Map<String, Blocklist> blocked;
    /** Per type, its own blocked values with those of every type ({@code *}), as one set and one pattern. */
    private final Map<String, Blocklist> blockedFor = new java.util.concurrent.ConcurrentHashMap<>();
    private final int giantProfileIdentifiers;
    private final Map<String, List<String>> traitSourcePriority;
    private final Limits limits;
    /** The rules as one JSON text (the defaults with the operator's file merged): what the store keeps, versioned. */
    private final String json;

    /**
     * What one event or profile may bring into identity resolution, so that hostile input cannot exhaust it. Beyond a
     * limit, what does not fit is refused and recorded (the event still counts): see docs/identity.md.
     *
     * @param identifiersPerEvent identifiers one event may link (the highest-priority ones are kept)
     * @param identifierTypes     identifier types Kith holds, configured and custom together (at most 255)
     * @param traitsPerProfile    trait names one profile keeps (a new name beyond it is not kept)
     */
    public record Limits(int identifiersPerEvent, int identifierTypes, int traitsPerProfile) {
        public static final Limits DEFAULTS = new Limits(20, 100, 500);
    }

    /** Source id or kind (lower case) to the identifier classes its events may link; sources not named link every class. */
    private final Map<String, Set<IdentifierClass>> trust;

    private IdentityRules(Map<String, IdentifierType> types, IdentifierType customType, Map<String, String> fields,
                          Map<String, String> externalIdTypes, Set<String> cardFields, Map<String, Blocklist> blocked,
                          int giantProfileIdentifiers, Map<String, List<String>> traitSourcePriority, Limits limits,
                          Map<String, Set<IdentifierClass>> trust, String json) {
        this.types = types;
        this.customType = customType;
        this.fields = fields;
        this.externalIdTypes = externalIdTypes;
        this.cardFields = cardFields;
        this.blocked = blocked;
        this.giantProfileIdentifiers = giantProfileIdentifiers;
        this.traitSourcePriority = traitSourcePriority;
        this.limits = limits;
        this.trust = trust;
        this.json = json;
    }

    /** The built-in rules. */
    public static IdentityRules defaults() {
        return parse(defaultsTree(), "identity-defaults.json");
    }

    /** The built-in rules with a user's overrides merged on top (objects merge key by key; other values replace). */
    public static IdentityRules withOverrides(InputStream userConfig, String name) {
        return parse(mergedWithDefaults(userConfig, name), name);
    }

    /**
     * Rules as {@link #json()} gave them (kept in the store): whole rules, read as they are, not merged with this
     * version's defaults.
     */
    public static IdentityRules fromJson(String json, String name) {
        try {
            JsonNode tree = new ObjectMapper().readTree(json);
            if (!(tree instanceof ObjectNode o)) {
                throw new KithException(ErrorCode.INVALID_CONFIG, name + ": identity rules must be a JSON object");
            }
            return parse(o, name);
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, name + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** These rules whole, as one JSON text: equal texts are equal rules (members in the order the defaults give them). */
    public String json() {
        return json;
    }

    private static ObjectNode mergedWithDefaults(InputStream userConfig, String name) {
        ObjectNode merged = defaultsTree();
        try {
            JsonNode user = new ObjectMapper().readTree(userConfig);
            if (user != null && !user.isObject()) {
                throw new KithException(ErrorCode.INVALID_CONFIG, name + ": identity rules must be a JSON object");
            }
            if (user != null) {
                merge(merged, (ObjectNode) user);
            }
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, name + ": not valid JSON: " + e.getMessage(), e);
        }
        return merged;
    }

    private static ObjectNode defaultsTree() {
        try (InputStream in = IdentityRules.class.getResourceAsStream("/identity-defaults.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException | NullPointerException e) {
            throw new KithException(ErrorCode.INTERNAL, "identity-defaults.json is missing or unreadable", e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode update) {
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode u) {
                merge(o, u);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    static IdentityRules parse(ObjectNode root, String name) {
        Map<String, IdentifierType> types = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("types").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            types.put(e.getKey(), type(e.getKey(), e.getValue(), name + ": types." + e.getKey()));
        }
        for (String required : List.of("user_id", "anonymous_id")) {
            if (!types.containsKey(required)) {
                throw new KithException(ErrorCode.INVALID_CONFIG, name + ": types." + required + " is required");
            }
        }
        IdentifierType custom = type("custom", root.path("customType"), name + ": customType");
        Map<String, String> fields = strings(root.path("fields"), name + ": fields");
        Map<String, String> externalIdTypes = strings(root.path("externalIdTypes"), name + ": externalIdTypes");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!types.containsKey(f.getValue())) {
                throw new KithException(ErrorCode.INVALID_CONFIG, name + ": fields." + f.getKey() + " names an unknown type \"" + f.getValue() + "\"");
            }
            String path = f.getKey();
            if (!(path.startsWith("traits.") || path.startsWith("properties.") || path.startsWith("context."))) {
                throw new KithException(ErrorCode.INVALID_CONFIG, name + ": fields." + path + " must start with traits., properties. or context.");
            }
        }
        List<String> cards = new ArrayList<>();
        root.path("cardFields").forEach(n -> cards.add(n.asText()));
        Map<String, Blocklist> blocked = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("blocked").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            blocked.put(e.getKey(), Blocklist.of(e.getValue(), name + ": blocked." + e.getKey()));
        }
        Map<String, List<String>> traitPriority = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("traitSourcePriority").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> order = new ArrayList<>();
            e.getValue().forEach(n -> order.add(n.asText().toLowerCase(Locale.ROOT)));
            traitPriority.put(e.getKey(), List.copyOf(order));
        }
        int giant = root.path("giantProfileIdentifiers").asInt(50);
        if (giant < 2) {
            throw new KithException(ErrorCode.INVALID_CONFIG, name + ": giantProfileIdentifiers must be at least 2, was " + giant);
        }
        JsonNode l = root.path("limits");
        Limits limits = new Limits(
                positive(l, "identifiersPerEvent", Limits.DEFAULTS.identifiersPerEvent(), 1_000, name),
                positive(l, "identifierTypes", Limits.DEFAULTS.identifierTypes(), 255, name),
                positive(l, "traitsPerProfile", Limits.DEFAULTS.traitsPerProfile(), 100_000, name));
        if (limits.identifierTypes() < types.size()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, name + ": limits.identifierTypes (" + limits.identifierTypes()
                    + ") is below the " + types.size() + " types configured");
        }
        return new IdentityRules(Collections.unmodifiableMap(types), custom, fields, externalIdTypes, Set.copyOf(cards),
                Map.copyOf(blocked), giant, Map.copyOf(traitPriority), limits, trust(root.path("trust"), name + ": trust"), root.toString());
    }

    private static Map<String, Set<IdentifierClass>> trust(JsonNode n, String where) {
        Map<String, Set<IdentifierClass>> trust = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                throw new KithException(ErrorCode.INVALID_CONFIG, where + "." + e.getKey()
                        + " must be a list of identifier classes such as [\"anonymous\", \"associated\"], was " + e.getValue());
            }
            java.util.EnumSet<IdentifierClass> classes = java.util.EnumSet.noneOf(IdentifierClass.class);
            for (JsonNode c : e.getValue()) {
                try {
                    classes.add(IdentifierClass.valueOf(c.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException bad) {
                    throw new KithException(ErrorCode.INVALID_CONFIG, where + "." + e.getKey()
                            + " lists " + c + "; identifier classes are permanent, associated and anonymous");
                }
            }
            trust.put(e.getKey().toLowerCase(Locale.ROOT), Set.copyOf(classes));
        }
        return Map.copyOf(trust);
    }

    private static IdentifierType type(String typeName, JsonNode n, String where) {
        IdentifierClass kind;
        try {
            kind = IdentifierClass.valueOf(n.path("class").asText("associated").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, where + ".class must be permanent, associated or anonymous, was " + n.get("class"));
        }
        int max = n.path("maxPerProfile").asInt(0);
        if (max < 0) {
            throw new KithException(ErrorCode.INVALID_CONFIG, where + ".maxPerProfile must be 0 (no limit) or more, was " + max);
        }
        Duration window = null;
        if (n.hasNonNull("window")) {
            try {
                window = Duration.parse(n.get("window").asText());
            } catch (DateTimeParseException e) {
                throw new KithException(ErrorCode.INVALID_CONFIG, where + ".window must be an ISO-8601 duration such as \"P7D\", was " + n.get("window"));
            }
        }
        IdentifierType.Normalization normalization = IdentifierType.Normalization.byDefault(typeName);
        if (n.hasNonNull("normalize")) {
            try {
                normalization = IdentifierType.Normalization.valueOf(n.get("normalize").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new KithException(ErrorCode.INVALID_CONFIG, where + ".normalize must be email, phone, lower_case or trim, was " + n.get("normalize"));
            }
        }
        JsonNode shareable = n.get("shareable");
        if (shareable != null && !shareable.isBoolean()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, where + ".shareable must be true or false, was " + shareable);
        }
        return new IdentifierType(typeName, kind, n.path("priority").asInt(50), max, window, normalization, shareable != null && shareable.asBoolean());
    }

    private static Map<String, String> strings(JsonNode n, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new KithException(ErrorCode.INVALID_CONFIG, where + "." + e.getKey() + " must be a type name, was " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The rules of a type; types not configured (custom {@code externalIds}) get the custom-type rules. */
    public IdentifierType type(String name) {
        IdentifierType t = types.get(name);
        return t != null ? t : customTypes.computeIfAbsent(name,
                n -> new IdentifierType(n, customType.kind(), customType.priority(), customType.maxPerProfile(), customType.window(),
                        customType.normalization(), customType.shareable()));
    }

    private final Map<String, IdentifierType> customTypes = new java.util.concurrent.ConcurrentHashMap<>();

    public Map<String, IdentifierType> types() {
        return types;
    }

    /** Event fields that carry identifiers: path (e.g. {@code traits.email}) to type. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The identifier type of a Segment {@code externalIds} entry's type, or the entry's own type when not mapped. */
    public String externalIdType(String externalType) {
        String t = externalIdTypes.get(externalType);
        return t != null ? t : externalType.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Names of fields that may hold a payment card number, which is tokenized before anything is stored. */
    public Set<String> cardFields() {
        return cardFields;
    }

    /** True when the value must never link profiles (placeholders such as {@code 0000}, {@code test@test.com}). */
    public boolean isBlocked(String type, String normalisedValue) {
        // A look first: computeIfAbsent's lambda holds this, so each call made one (67 MB of the projector's 4.0 GB
        // allocated per million events)
        Blocklist list = blockedFor.get(type);
        if (list == null) {
            list = blockedFor.computeIfAbsent(type, t -> Blocklist.union(blocked.get("*"), blocked.get(t)));
        }
        return list.matches(normalisedValue);
    }

    public Limits limits() {
        return limits;
    }

    private static int positive(JsonNode limits, String field, int fallback, int max, String name) {
        JsonNode v = limits.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.intValue() < 1 || v.intValue() > max) {
            throw new KithException(ErrorCode.INVALID_CONFIG, name + ": limits." + field + " must be a whole number from 1 to " + max + ", was " + v);
        }
        return v.intValue();
    }

    public int giantProfileIdentifiers() {
        return giantProfileIdentifiers;
    }

    /**
     * How strongly a source speaks for a trait: the position of the source's id or kind in the trait's priority
     * list counted from the end (higher wins), 0 for sources not listed.
     */
    public int traitPriority(String trait, String sourceId, String sourceKind) {
        List<String> order = traitSourcePriority.get(trait);
        if (order == null) {
            return 0;
        }
        for (int i = 0; i < order.size(); i++) {
            String s = order.get(i);
            if (s.equals(sourceId) || s.equals(sourceKind)) {
                return order.size() - i;
            }
        }
        return 0;
    }

    /**
     * Whether events of a source may link identifiers of a class: the classes listed under the source's id in
     * {@code trust}, else under its kind ({@code web}, {@code pos}, ...); a source named in neither links every class.
     */
    public boolean trusts(String sourceId, String sourceKind, IdentifierClass c) {
        Set<IdentifierClass> allowed = sourceId == null ? null : trust.get(sourceId);
        if (allowed == null && sourceKind != null) {
            allowed = trust.get(sourceKind);
        }
        return allowed == null || allowed.contains(c);
    }

    /**
     * The extraction with every identifier its source may not link ({@link #trusts}) moved to the refused values, so
     * that a public web write key cannot attach an email to somebody else's user id. The source's kind is asked for
     * only when some rule could apply.
     */
    public Extraction trusted(Extraction x, String sourceId, java.util.function.Function<String, String> kindOfSource) {
        if (trust.isEmpty() || x.identifiers().isEmpty()) {
            return x;
        }
        String kind = kindOfSource.apply(sourceId);
        List<Extraction.Candidate> kept = new ArrayList<>(x.identifiers().size());
        List<Extraction.Refused> refused = new ArrayList<>(x.refused());
        for (Extraction.Candidate c : x.identifiers()) {
            IdentifierClass cls = type(c.identifier().type()).kind();
            if (trusts(sourceId, kind, cls)) {
                kept.add(c);
            } else {
                refused.add(new Extraction.Refused(c.identifier().type(), c.identifier().value(), c.field(), RefusalRule.UNTRUSTED_SOURCE, "source " + sourceId
                        + (kind == null ? "" : " (" + kind + ")") + " is not trusted to link " + cls.name().toLowerCase(Locale.ROOT) + " identifiers"));
            }
        }
        return kept.size() == x.identifiers().size() ? x : new Extraction(kept, refused);
    }

    /** Exact values (case-insensitive) and anchored regular expressions. Thread-safe. */
    static final class Blocklist {
        private final Set<String> exact;
        private final List<Pattern> patterns;
        /**
         * One matcher per pattern and thread, reset for each value instead of made anew: every identifier of every event
         * is checked, and the matchers made were 165 MB of the projector's 4.7 GB allocated per million events.
         */
        private final ThreadLocal<Matcher[]> matchers;

        Blocklist(Set<String> exact, List<Pattern> patterns) {
            this.exact = exact;
            this.patterns = patterns;
            this.matchers = ThreadLocal.withInitial(() -> patterns.stream().map(p -> p.matcher("")).toArray(Matcher[]::new));
        }

        Set<String> exact() {
            return exact;
        }

        List<Pattern> patterns() {
            return patterns;
        }

        static Blocklist of(JsonNode list, String where) {
            java.util.HashSet<String> exact = new java.util.HashSet<>();
            List<Pattern> patterns = new ArrayList<>();
            for (JsonNode n : list) {
                String s = n.asText();
                if (s.startsWith("^")) {
                    try {
                        patterns.add(Pattern.compile(s, Pattern.CASE_INSENSITIVE));
                    } catch (PatternSyntaxException e) {
                        throw new KithException(ErrorCode.INVALID_CONFIG, where + ": not a regular expression: " + s + ": " + e.getDescription());
                    }
                } else {
                    exact.add(s.toLowerCase(Locale.ROOT));
                }
            }
            return new Blocklist(Set.copyOf(exact), List.copyOf(patterns));
        }

        /** Both lists in one, the patterns as one alternation, so that a check costs one set probe and one match. */
        static Blocklist union(Blocklist a, Blocklist b) {
            java.util.HashSet<String> exact = new java.util.HashSet<>();
            List<Pattern> patterns = new ArrayList<>();
            for (Blocklist l : new Blocklist[] {a, b}) {
                if (l != null) {
                    exact.addAll(l.exact());
                    patterns.addAll(l.patterns());
                }
            }
            if (patterns.size() > 1) {
                String alternation = patterns.stream().map(p -> "(?:" + p.pattern() + ")").collect(java.util.stream.Collectors.joining("|"));
                patterns = List.of(Pattern.compile(alternation, Pattern.CASE_INSENSITIVE));
            }
            return new Blocklist(Set.copyOf(exact), List.copyOf(patterns));
        }

        boolean matches(String value) {
            if (!exact.isEmpty() && exact.contains(value.toLowerCase(Locale.ROOT))) {
                return true;
            }
            if (patterns.isEmpty()) {
                return false;
            }
            Matcher[] m = matchers.get();
            for (int i = 0; i < m.length; i++) {
                if (m[i].reset(value).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
