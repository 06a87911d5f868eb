package io.kith.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventParser;
import io.kith.event.RawEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch request read in one streaming pass: the top-level fields, and each event of {@code batch} with the
 * byte range it occupies in the body. The ranges give each event's size (Segment's 32 KB limit) and its raw
 * text (for the quarantine) without serialising anything again, and the positions of each event's top-level
 * members ({@link RawEvent}), with which an accepted event is stored by copying its bytes.
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

    /**
     * Reads {@code body}; {@link com.fasterxml.jackson.core.JsonProcessingException} for malformed JSON (with its
     * location), {@link KithException} for well-formed JSON of the wrong shape.
     */
    static BatchBody read(ObjectMapper mapper, byte[] body) throws IOException {
        Tracker tracker;
        ObjectNode top;
        try (JsonParser p = mapper.createParser(body)) {
            tracker = new Tracker(p);
            if (tracker.nextToken() != JsonToken.START_OBJECT) {
                throw new KithException(ErrorCode.INVALID_JSON, "$: the body must be a JSON object");
            }
            top = (ObjectNode) mapper.readTree(tracker);
            if (p.nextToken() != null) {
                throw new KithException(ErrorCode.INVALID_JSON, "$: unexpected content after the JSON object");
            }
        }
        if (tracker.batchFields != 1) {
            return readByItems(mapper, body); // no batch, or batch given twice: the member-by-member reading decides
        }
        if (!(top.get("batch") instanceof ArrayNode batch)) {
            throw new KithException(ErrorCode.INVALID_EVENT, "$.batch: a batch request needs a \"batch\" array of events, got "
                    + EventParser.describe(top.get("batch")));
        }
        if (tracker.items != batch.size()) {
            throw new IllegalStateException("read " + batch.size() + " events but tracked " + tracker.items);
        }
        List<Item> items = new ArrayList<>(batch.size());
        for (int i = 0; i < tracker.items; i++) {
            int start = tracker.itemStart[i];
            int end = tracker.itemEnd[i];
            RawEvent raw = tracker.itemObject[i] && !tracker.itemNonFinite[i]
                    ? RawEvent.of(body, start, end, tracker.memberStart, tracker.memberName, tracker.itemMembers[i], tracker.itemMembers[i + 1])
                    : null;
            items.add(new Item(batch.get(i), start, end, raw));
        }
        return new BatchBody(top, items);
    }

    /** The first way of reading, member by member: kept for bodies that name {@code batch} other than once. */
    private static BatchBody readByItems(ObjectMapper mapper, byte[] body) throws IOException {
        try (JsonParser p = mapper.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new KithException(ErrorCode.INVALID_JSON, "$: the body must be a JSON object");
            }
            ObjectNode top = mapper.createObjectNode();
            List<Item> items = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("batch") && value == JsonToken.START_ARRAY) {
                    items = new ArrayList<>();
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        JsonNode node = mapper.readTree(p);
                        int end = (int) p.currentLocation().getByteOffset();
                        items.add(new Item(node, start, end));
                    }
                } else {
                    top.set(field, mapper.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                throw new KithException(ErrorCode.INVALID_JSON, "$: unexpected content after the JSON object");
            }
            if (items == null) {
                throw new KithException(ErrorCode.INVALID_EVENT, "$.batch: a batch request needs a \"batch\" array of events, got "
                        + EventParser.describe(top.get("batch")));
            }
            return new BatchBody(top, items);
        }
    }

    /**
     * Watches the tokens that the tree reader pulls, and notes where each element of {@code batch} starts and ends
     * and where each top-level member of an element object starts; and which elements hold a non-finite number.
     * The parser's contexts tell where a token lies: the body object is the child of the root context, the batch
     * array the child of the body object, an element's members are those whose context's parent is the array.
     * (Contexts are compared by identity while the batch array is open; the parser reuses them afterwards.)
     */
    private static final class Tracker extends JsonParserDelegate {
        private final JsonStreamContext root;
        private JsonStreamContext body;
        private JsonStreamContext batch;
        private JsonStreamContext element;
        int batchFields;
        int items;
        int[] itemStart = new int[128];
        int[] itemEnd = new int[128];
        boolean[] itemObject = new boolean[128];
        boolean[] itemNonFinite = new boolean[128];
        /** Per element, the index of its first member in memberStart; one more entry ends the last element. */
        int[] itemMembers = new int[129];
        int members;
        int[] memberStart = new int[2048];
        String[] memberName = new String[2048];
        private boolean open;

        Tracker(JsonParser p) {
            super(p);
            root = p.getParsingContext();
        }

        @Override
        public JsonToken nextToken() throws IOException {
            before();
            JsonToken t = delegate.nextToken();
            after(t);
            return t;
        }

        @Override
        public String nextFieldName() throws IOException {
            before();
            String name = delegate.nextFieldName();
            if (name != null) {
                field(name);
            }
            return name;
        }

        @Override
        public double getDoubleValue() throws IOException {
            double d = delegate.getDoubleValue();
            if (!Double.isFinite(d)) {
                nonFinite();
            }
            return d;
        }

        @Override
        public float getFloatValue() throws IOException {
            float f = delegate.getFloatValue();
            if (!Float.isFinite(f)) {
                nonFinite();
            }
            return f;
        }

        private void nonFinite() {
            if (open) {
                itemNonFinite[items - 1] = true;
            }
        }

        /** Before the parser moves on: if the current token ended an element, the element ends here. */
        private void before() {
            if (open && batch != null && delegate.getParsingContext() == batch && delegate.currentToken() != JsonToken.START_ARRAY) {
                itemEnd[items - 1] = (int) delegate.currentLocation().getByteOffset();
                open = false;
            }
        }

        private void after(JsonToken t) throws IOException {
            if (t == null) {
                return;
            }
            JsonStreamContext ctx = delegate.getParsingContext();
            switch (t) {
                case FIELD_NAME -> field(delegate.currentName());
                case START_OBJECT -> {
                    if (ctx.getParent() == root) {
                        body = ctx;
                    } else if (batch != null && ctx.getParent() == batch) {
                        startItem(true);
                        element = ctx;
                    }
                }
                case START_ARRAY -> {
                    if (body != null && ctx.getParent() == body && "batch".equals(body.getCurrentName())) {
                        batch = ctx;
                    } else if (batch != null && ctx.getParent() == batch) {
                        startItem(false);
                    }
                }
                case END_ARRAY -> {
                    if (batch != null && ctx == body) {
                        batch = null; // the parser reuses context objects: the batch array's may come back as another value's
                    }
                }
                case END_OBJECT -> {
                    // an element ends when the parser moves past its last token (see before)
                }
                default -> {
                    if (batch != null && ctx == batch) {
                        startItem(false);
                    }
                }
            }
        }

        private void field(String name) throws IOException {
            JsonStreamContext ctx = delegate.getParsingContext();
            if (ctx == body) {
                if (name.equals("batch")) {
                    batchFields++;
                }
            } else if (open && ctx == element) {
                if (members == memberStart.length) {
                    memberStart = Arrays.copyOf(memberStart, members * 2);
                    memberName = Arrays.copyOf(memberName, members * 2);
                }
                memberStart[members] = (int) delegate.currentTokenLocation().getByteOffset();
                memberName[members] = name;
                members++;
                itemMembers[items] = members;
            }
        }

        private void startItem(boolean object) {
            if (items + 1 == itemStart.length) {
                int n = itemStart.length * 2;
                itemStart = Arrays.copyOf(itemStart, n);
                itemEnd = Arrays.copyOf(itemEnd, n);
                itemObject = Arrays.copyOf(itemObject, n);
                itemNonFinite = Arrays.copyOf(itemNonFinite, n);
                itemMembers = Arrays.copyOf(itemMembers, n + 1);
            }
            itemStart[items] = (int) delegate.currentTokenLocation().getByteOffset();
            itemObject[items] = object;
            itemMembers[items] = members;
            items++;
            itemMembers[items] = members;
            open = true;
            element = null;
        }
    }
}
