package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of {@link IdentityOverrides}, as stores keep them and {@code identity-overrides.json} holds them:
 * {@code {"distinct": [[{"type","value"}, {"type","value"}], ...], "unlinked": [{"type","value"}, ...]}}.
 */
public final class OverridesJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OverridesJson() {
    }

    public static String write(IdentityOverrides o) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode distinct = root.putArray("distinct");
        for (IdentityOverrides.Pair p : o.distinct()) {
            distinct.addArray().add(json(p.a())).add(json(p.b()));
        }
        ArrayNode unlinked = root.putArray("unlinked");
        o.unlinked().stream().sorted().forEach(i -> unlinked.add(json(i)));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot write identity overrides: " + e.getMessage(), e);
        }
    }

    /** @param where what the text came from, for the error message */
    public static IdentityOverrides read(String text, String where) {
        try {
            JsonNode root = MAPPER.readTree(text);
            List<IdentityOverrides.Pair> distinct = new ArrayList<>();
            for (JsonNode pair : root.path("distinct")) {
                distinct.add(new IdentityOverrides.Pair(id(pair.get(0)), id(pair.get(1))));
            }
            Set<Identifier> unlinked = new HashSet<>();
            for (JsonNode n : root.path("unlinked")) {
                unlinked.add(id(n));
            }
            return new IdentityOverrides(distinct, unlinked);
        } catch (IOException | RuntimeException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "cannot read identity overrides from " + where + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode json(Identifier i) {
        return MAPPER.createObjectNode().put("type", i.type()).put("value", i.value());
    }

    private static Identifier id(JsonNode n) {
        return new Identifier(n.path("type").asText(), n.path("value").asText());
    }
}
