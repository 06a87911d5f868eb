package io.kith.profile.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.util.Map;

/** The JSON shapes of the profile API. */
final class ProfileJson {
    private ProfileJson() {
    }

    static ObjectNode profile(ObjectMapper mapper, Profile p) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", p.id());
        ArrayNode ids = o.putArray("identifiers");
        for (ProfileIdentifier i : p.identifiers()) {
            ids.addObject().put("type", i.type()).put("value", i.value()).put("firstSeen", i.firstSeen().toString())
                    .put("linkedBySequence", i.linkedBySequence());
        }
        ObjectNode traits = o.putObject("traits");
        for (Map.Entry<String, Trait> t : p.traits().entrySet()) {
            ObjectNode tr = traits.putObject(t.getKey());
            tr.set("value", t.getValue().value());
            tr.put("source", t.getValue().sourceId());
            tr.put("at", t.getValue().at().toString());
        }
        p.sources().forEach(o.putArray("sources")::add);
        p.brands().forEach(o.putArray("brands")::add);
        o.put("firstSeen", p.firstSeen() == null ? null : p.firstSeen().toString());
        o.put("lastSeen", p.lastSeen() == null ? null : p.lastSeen().toString());
        o.put("eventCount", p.eventCount());
        ObjectNode byType = o.putObject("eventsByType");
        p.eventsByType().forEach(byType::put);
        p.mergedFrom().forEach(o.putArray("mergedFrom")::add);
        return o;
    }

    static ObjectNode decision(ObjectMapper mapper, Decision d) {
        ObjectNode o = mapper.createObjectNode();
        o.put("sequence", d.sequence());
        switch (d) {
            case Decision.Linked l -> {
                o.put("kind", "linked");
                o.set("identifier", identifier(mapper, l.identifier()));
                if (l.anchor() != null) {
                    o.set("with", identifier(mapper, l.anchor()));
                }
            }
            case Decision.Merged m -> {
                o.put("kind", "merged");
                o.put("absorbed", m.absorbed());
                if (m.via() != null) {
                    o.set("via", identifier(mapper, m.via()));
                }
                if (m.with() != null) {
                    o.set("with", identifier(mapper, m.with()));
                }
            }
            case Decision.Refused r -> {
                o.put("kind", "refused");
                o.set("identifier", identifier(mapper, r.identifier()));
                o.put("reason", r.reason());
            }
        }
        return o;
    }

    static ObjectNode identifier(ObjectMapper mapper, Identifier i) {
        return mapper.createObjectNode().put("type", i.type()).put("value", i.value());
    }
}
