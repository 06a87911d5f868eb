package io.kith.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch request read in one streaming pass: the top-level fields, and each event of {@code batch} with the
 * byte range it occupies in the body. The ranges give each event's size (Segment's 32 KB limit) and its raw
 * text (for the quarantine) without serialising anything again.
 */
record BatchBody(ObjectNode top, List<Item> items) {
    /** One element of {@code batch}: its tree and where it lies in the body. */
    record Item(JsonNode node, int start, int end) {
        int size() {
            return end - start;
        }
    }

    /**
     * Reads {@code body}; {@link com.fasterxml.jackson.core.JsonProcessingException} for malformed JSON (with its
     * location), {@link KithException} for well-formed JSON of the wrong shape.
     */
    static BatchBody read(ObjectMapper mapper, byte[] body) throws IOException {
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
}
