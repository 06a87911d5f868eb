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
 * {@code {"distinct": [[{"type","value"}, {"type","value"}], ...], "unlinked": [{"type","value"}, ...], "matches": [{"id", "verdict",
 * "a", "b", "profileA", "profileB", "probability", "decidedAt"}, ...], "learned": [{"type", "value", "author", "reason",
 * "learnedAt"}, ...], "allowed": [{"type","value"}, ...]}} ({@code matches}, {@code learned} and {@code allowed} left out when
 * there are none, so overrides saved before they existed read and write alike).
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
        if (!o.matches().isEmpty()) {
            ArrayNode matches = root.putArray("matches");
            for (IdentityOverrides.MatchDecision m : o.matches()) {
                ObjectNode n = matches.addObject().put("id", m.id()).put("verdict", m.verdict().name().toLowerCase(java.util.Locale.ROOT));
                n.set("a", json(m.a()));
                n.set("b", json(m.b()));
                n.put("profileA", m.profileA()).put("profileB", m.profileB());
                if (m.probability() != null) {
                    n.put("probability", m.probability());
                }
                n.put("decidedAt", m.decidedAt().toString());
            }
        }
        if (!o.learned().isEmpty()) {
            ArrayNode learned = root.putArray("learned");
            for (IdentityOverrides.LearnedUnlink l : o.learned()) {
                learned.add(json(l.identifier()).put("author", l.author()).put("reason", l.reason()).put("learnedAt", l.learnedAt().toString()));
            }
        }
        if (!o.allowed().isEmpty()) {
            ArrayNode allowed = root.putArray("allowed");
            o.allowed().stream().sorted().forEach(i -> allowed.add(json(i)));
        }
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
            List<IdentityOverrides.MatchDecision> matches = new ArrayList<>();
            for (JsonNode m : root.path("matches")) {
                matches.add(new IdentityOverrides.MatchDecision(m.path("id").asText(),
                        IdentityOverrides.Verdict.valueOf(m.path("verdict").asText().toUpperCase(java.util.Locale.ROOT)), id(m.get("a")), id(m.get("b")),
                        m.path("profileA").asText(), m.path("profileB").asText(), m.hasNonNull("probability") ? m.get("probability").asDouble() : null,
                        java.time.Instant.parse(m.path("decidedAt").asText())));
            }
            List<IdentityOverrides.LearnedUnlink> learned = new ArrayList<>();
            for (JsonNode l : root.path("learned")) {
                learned.add(new IdentityOverrides.LearnedUnlink(id(l), l.path("author").asText(), l.path("reason").asText(),
                        java.time.Instant.parse(l.path("learnedAt").asText())));
            }
            Set<Identifier> allowed = new HashSet<>();
            for (JsonNode n : root.path("allowed")) {
                allowed.add(id(n));
            }
            return new IdentityOverrides(distinct, unlinked, matches, learned, allowed);
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
