package io.kith.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventParser;
import io.kith.event.JsonValues;
import io.kith.event.RawEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A batch request read in one streaming pass: the top-level fields, and each event of {@code batch} with the
 * byte range it occupies in the body. The ranges give each event's size (Segment's 32 KB limit) and its raw
 * text (for the quarantine) without serialising anything again, and the positions of each event's top-level
 * members ({@link RawEvent}), with which an accepted event is stored by copying its bytes.
 *
 * <p>An event's tree is built only as deep as Kith reads it: its top-level scalars (type, ids, timestamps, event
 * name), which {@link EventParser} checks and rewrites, and any value of a member Kith writes itself
 * ({@link RawEvent#isManaged}). Any other object or array member ({@code properties}, {@code context}, ...) is
 * checked token by token by the parser but stands in the tree as an empty object or array of the same kind, since its
 * bytes are copied as they came. It is read into a real tree when Kith will change it: when the batch shares a
 * {@code context} or {@code integrations} with its events, and, for all of {@code traits}, {@code properties} and
 * {@code context}, when a card field is where the scrubber looks. An event that cannot be stored by copying (a
 * member given twice, a non-finite number, bytes out of line) is read whole, as before. (A reader of the raw bytes
 * that skipped the nested values without Jackson's tokenizer was tried and measured no faster: the tokenizer is not
 * what costs, building trees is.)
 */
record BatchBody(ObjectNode top, List<Item> items) {
    /** One element of {@code batch}: its tree, where it lies in the body, and its members' positions (or null). */
    record Item(JsonNode node, int start, int end, RawEvent raw) {
        Item(JsonNode node, int start, int end) {
            this(node, start, end, null);
        }

        int size() {
            return end - start;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] SCRUBBED = {"traits", "properties", "context"};

    /** As {@link #read(ObjectMapper, byte[], Predicate)} with no card fields (no scrubbing to prepare for). */
    static BatchBody read(ObjectMapper mapper, byte[] body) throws IOException {
        return read(mapper, body, name -> false);
    }

    /**
     * Reads {@code body}; {@link com.fasterxml.jackson.core.JsonProcessingException} for malformed JSON (with its
     * location), {@link KithException} for well-formed JSON of the wrong shape.
     *
     * @param cardField the member names that {@link io.kith.identity.CardTokenizer#scrub} removes (and, as an external
     *                  id's type, tokenizes): events holding one get the trees the scrubber changes
     */
    static BatchBody read(ObjectMapper mapper, byte[] body, Predicate<String> cardField) throws IOException {
        Reader reader = new Reader(mapper, body, cardField);
        try (JsonParser p = mapper.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new KithException(ErrorCode.INVALID_JSON, "$: the body must be a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("batch")) {
                    // Given twice, the last one counts, as in a tree.
                    if (value == JsonToken.START_ARRAY) {
                        reader.readArray(p);
                    } else {
                        reader.batchValue(mapper.readTree(p));
                    }
                } else {
                    reader.top.set(field, mapper.readTree(p));
                }
            }
            CollectionBody.requireEnd(p);
        }
        return reader.result();
    }

    private static boolean nonEmpty(JsonNode shared) {
        return shared instanceof ObjectNode o && !o.isEmpty();
    }

    /**
     * What reading a body finds: its top-level members but {@code batch}, and the elements of {@code batch} with
     * their top-level members' places.
     */
    private static final class Reader {
        private final ObjectMapper mapper;
        private final byte[] body;
        private final Predicate<String> cardField;
        final ObjectNode top;
        /** {@code batch} when it is not an array (null when it is one, or missing). */
        private JsonNode batchValue;
        private boolean batchArray;
        private final List<Element> elements = new ArrayList<>();
        /** Top-level members of the object elements, in order: name, where the name's quote is, where the value lies. */
        private int members;
        private String[] name = new String[2048];
        private int[] nameStart = new int[2048];
        private int[] valueStart = new int[2048];
        private int[] valueEnd = new int[2048];

        Reader(ObjectMapper mapper, byte[] body, Predicate<String> cardField) {
            this.mapper = mapper;
            this.body = body;
            this.cardField = cardField;
            this.top = mapper.createObjectNode();
        }

        /** A {@code batch} member that is not an array (given twice, the last one counts). */
        void batchValue(JsonNode value) {
            batchValue = value;
            batchArray = false;
            elements.clear();
            members = 0;
        }

        /** A {@code batch} array begins: what an earlier one held is forgotten. */
        void batchArray() {
            batchValue = null;
            batchArray = true;
            elements.clear();
            members = 0;
        }

        BatchBody result() throws IOException {
            if (!batchArray) {
                throw new KithException(ErrorCode.INVALID_EVENT, "$.batch: a batch request needs a \"batch\" array of events, got "
                        + EventParser.describe(batchValue));
            }
            return new BatchBody(top, items(nonEmpty(top.get("context")), nonEmpty(top.get("integrations"))));
        }

        /**
         * One element: its tree (shallow for an object), where it lies, its members' range in the arrays, and what
         * reading it found.
         */
        private static final class Element {
            JsonNode node;
            int start;
            int end;
            int firstMember;
            int endMember;
            boolean object;
            /** Read whole: a member given twice or a non-finite number. */
            boolean whole;
            /** A card field where the scrubber looks. */
            boolean card;
        }

        /** Reads the array the parser is at (its '[') up to its ']'. */
        void readArray(JsonParser p) throws IOException {
            batchArray();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                Element e = new Element();
                e.start = (int) p.currentTokenLocation().getByteOffset();
                if (t == JsonToken.START_OBJECT) {
                    readObject(p, e);
                } else {
                    e.node = mapper.readTree(p);
                }
                e.end = (int) p.currentLocation().getByteOffset();
                elements.add(e);
            }
        }

        private void readObject(JsonParser p, Element e) throws IOException {
            ObjectNode node = NODES.objectNode();
            e.object = true;
            e.firstMember = members;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                int at = (int) p.currentTokenLocation().getByteOffset();
                JsonToken v = p.nextToken();
                int from = (int) p.currentTokenLocation().getByteOffset();
                JsonNode value = v.isStructStart() && RawEvent.isManaged(field) ? managed(mapper.readTree(p), e) : switch (v) {
                    case VALUE_STRING -> NODES.textNode(p.getText());
                    case VALUE_TRUE -> NODES.booleanNode(true);
                    case VALUE_FALSE -> NODES.booleanNode(false);
                    case VALUE_NULL -> NODES.nullNode();
                    case START_OBJECT -> {
                        skim(p, field, e);
                        yield NODES.objectNode();
                    }
                    case START_ARRAY -> {
                        skim(p, field, e);
                        yield NODES.arrayNode();
                    }
                    default -> {
                        JsonNode n = mapper.readTree(p); // a number, as the tree reader makes it
                        if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
                            e.whole = true;
                        }
                        yield n;
                    }
                };
                if (node.replace(field, value) != null) {
                    e.whole = true;
                }
                add(field, at, from, (int) p.currentLocation().getByteOffset());
            }
            e.endMember = members;
            e.node = node;
        }

        /** A member Kith writes from the tree, read whole: a non-finite number in it counts as anywhere in the event. */
        private static JsonNode managed(JsonNode value, Element e) {
            if (hasNonFinite(value)) {
                e.whole = true;
            }
            return value;
        }

        private static boolean hasNonFinite(JsonNode n) {
            if (n.isContainerNode()) {
                for (JsonNode child : n) {
                    if (hasNonFinite(child)) {
                        return true;
                    }
                }
                return false;
            }
            return (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue());
        }

        private void add(String field, int at, int from, int to) {
            if (members == name.length) {
                int n = members * 2;
                name = Arrays.copyOf(name, n);
                nameStart = Arrays.copyOf(nameStart, n);
                valueStart = Arrays.copyOf(valueStart, n);
                valueEnd = Arrays.copyOf(valueEnd, n);
            }
            name[members] = field;
            nameStart[members] = at;
            valueStart[members] = from;
            valueEnd[members] = to;
            members++;
        }

        /**
         * Moves the parser past the object or array it is at, noting a non-finite number anywhere in it and a card
         * field where {@link io.kith.identity.CardTokenizer#scrub} looks: a name directly in {@code traits},
         * {@code properties} or {@code context.traits}, or the type of an element of {@code context.externalIds}.
         */
        private void skim(JsonParser p, String member, Element e) throws IOException {
            boolean names = member.equals("traits") || member.equals("properties");
            boolean context = member.equals("context");
            int depth = 1;
            // Inside context: 1 while in its traits object, 2 while in its externalIds array.
            int inContext = 0;
            int contextDepth = 0;
            String externalName = null;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        if (inContext != 0 && depth == contextDepth) {
                            inContext = 0;
                        }
                        depth--;
                    }
                    case FIELD_NAME -> {
                        String n = p.currentName();
                        if (depth == 1 && names && cardField.test(n)) {
                            e.card = true;
                        } else if (context && depth == 1) {
                            externalName = null;
                            JsonToken next = p.nextToken();
                            if (next == JsonToken.START_OBJECT && n.equals("traits")) {
                                inContext = 1;
                                contextDepth = ++depth;
                            } else if (next == JsonToken.START_ARRAY && n.equals("externalIds")) {
                                inContext = 2;
                                contextDepth = ++depth;
                            } else if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
                                depth++;
                            } else {
                                finite(p, next, e);
                            }
                        } else if (inContext == 1 && depth == contextDepth && cardField.test(n)) {
                            e.card = true;
                        } else if (inContext == 2 && depth == contextDepth + 1) {
                            externalName = n;
                        }
                    }
                    default -> {
                        // The scrubber reads an external id's type as text, whatever its JSON type.
                        if (inContext == 2 && depth == contextDepth + 1 && "type".equals(externalName) && t.isScalarValue()
                                && cardField.test(p.getText())) {
                            e.card = true;
                        }
                        finite(p, t, e);
                    }
                }
            }
        }

        private static void finite(JsonParser p, JsonToken t, Element e) throws IOException {
            if (t == JsonToken.VALUE_NUMBER_FLOAT && mayOverflow(p)) {
                double d = p.getDoubleValue();
                // infinite: refused with its path once read whole; a whole number of 13 to 19 digits: may be a card number
                // written with an exponent (59e14 is 5900000000000000), which the search of the bytes for 13 digits does
                // not see. Any other number keeps its bytes as sent.
                if (!Double.isFinite(d) || Math.abs(d) >= 1e12 && Math.abs(d) < 1e19 && d == Math.rint(d)) {
                    e.whole = true;
                }
            }
        }

        /** A number with an exponent, or very long, can read as infinite; others cannot. */
        private static boolean mayOverflow(JsonParser p) throws IOException {
            char[] c = p.getTextCharacters();
            int from = p.getTextOffset();
            int n = p.getTextLength();
            if (n > 300) {
                return true;
            }
            for (int i = from; i < from + n; i++) {
                if (c[i] == 'e' || c[i] == 'E') {
                    return true;
                }
            }
            return false;
        }

        /** The items, each with the trees Kith will change and its raw members, or read whole when it must be. */
        private List<Item> items(boolean sharedContext, boolean sharedIntegrations) throws IOException {
            List<Item> items = new ArrayList<>(elements.size());
            for (Element e : elements) {
                if (!e.object) {
                    items.add(new Item(e.node, e.start, e.end));
                    continue;
                }
                // A surrogate in the bytes is checked on the tree (io.kith.event.JsonValues), so such an event is read whole.
                boolean whole = e.whole || JsonValues.mayHoldSurrogate(body, e.start, e.end);
                RawEvent raw = whole ? null : RawEvent.of(body, e.start, e.end, nameStart, name, e.firstMember, e.endMember);
                if (raw == null) {
                    items.add(new Item(mapper.readTree(body, e.start, e.end - e.start), e.start, e.end));
                    continue;
                }
                ObjectNode node = (ObjectNode) e.node;
                if (sharedContext) {
                    materialize(node, e, "context");
                }
                if (sharedIntegrations) {
                    materialize(node, e, "integrations");
                }
                if (e.card) {
                    for (String m : SCRUBBED) {
                        materialize(node, e, m);
                    }
                }
                items.add(new Item(node, e.start, e.end, raw));
            }
            return items;
        }

        /** Replaces a stand-in object or array by the tree of its bytes (the member is given once: checked before). */
        private void materialize(ObjectNode node, Element e, String member) throws IOException {
            for (int m = e.firstMember; m < e.endMember; m++) {
                if (name[m].equals(member) && node.get(member).isContainerNode()) {
                    node.set(member, mapper.readTree(body, valueStart[m], valueEnd[m] - valueStart[m]));
                }
            }
        }
    }
}
