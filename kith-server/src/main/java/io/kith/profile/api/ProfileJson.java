package io.kith.profile.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Timestamps;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** The JSON shapes of the profile API. */
final class ProfileJson {
    private ProfileJson() {
    }

    /**
     * The profile as JSON bytes, written straight to a generator (the checkout and call-centre screens ask for one per
     * lookup: building a tree first cost as much again).
     */
    static byte[] profileBytes(ObjectMapper mapper, Profile p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.setCodec(mapper);
            g.writeStartObject();
            g.writeStringField("id", p.id());
            g.writeArrayFieldStart("identifiers");
            for (ProfileIdentifier i : p.identifiers()) {
                g.writeStartObject();
                g.writeStringField("type", i.type());
                g.writeStringField("value", i.value());
                g.writeStringField("firstSeen", Timestamps.format(i.firstSeen()));
                g.writeNumberField("linkedBySequence", i.linkedBySequence());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("traits");
            for (Map.Entry<String, Trait> t : p.traits().entrySet()) {
                g.writeObjectFieldStart(t.getKey());
                g.writeFieldName("value");
                g.writeTree(t.getValue().value());
                g.writeStringField("source", t.getValue().sourceId());
                g.writeStringField("at", Timestamps.format(t.getValue().at()));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("sources");
            for (String s : p.sources()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("brands");
            for (String b : p.brands()) {
                g.writeString(b);
            }
            g.writeEndArray();
            g.writeStringField("firstSeen", p.firstSeen() == null ? null : Timestamps.format(p.firstSeen()));
            g.writeStringField("lastSeen", p.lastSeen() == null ? null : Timestamps.format(p.lastSeen()));
            g.writeNumberField("eventCount", p.eventCount());
            g.writeObjectFieldStart("eventsByType");
            for (Map.Entry<String, Long> e : p.eventsByType().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("mergedFrom");
            for (String m : p.mergedFrom()) {
                g.writeString(m);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
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
                o.put("rule", r.rule().name());
                o.put("reason", r.reason());
            }
        }
        return o;
    }

    static ObjectNode identifier(ObjectMapper mapper, Identifier i) {
        return mapper.createObjectNode().put("type", i.type()).put("value", i.value());
    }
}
