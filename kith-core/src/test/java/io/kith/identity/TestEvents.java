package io.kith.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.ParseOutcome;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.time.Instant;

/** Builds accepted events for identity tests (kith-core cannot use kith-testkit). */
final class TestEvents {
    static final ObjectMapper M = new ObjectMapper();
    static final Source WEB = new Source("src_web", "Web", "northwind", SourceKind.WEB, "GB", "wk_web");
    static final Source CRM = new Source("src_crm", "CRM", "northwind", SourceKind.CRM, "GB", "wk_crm");
    static final Source POS = new Source("src_pos", "POS", "freshmart", SourceKind.POS, "GB", "wk_pos");
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private TestEvents() {
    }

    static IdentityGraph.SourceInfo info(String sourceId) {
        return switch (sourceId) {
            case "src_crm" -> new IdentityGraph.SourceInfo("GB", "crm");
            case "src_pos" -> new IdentityGraph.SourceInfo("GB", "pos");
            default -> new IdentityGraph.SourceInfo("GB", "web");
        };
    }

    static Event event(Source source, String json, Instant at) {
        try {
            ObjectNode node = (ObjectNode) M.readTree(json);
            node.put("timestamp", at.toString());
            var out = new EventParser(() -> "m-" + System.nanoTime()).parse(node, null, source, at, "$");
            if (out instanceof ParseOutcome.Accepted a) {
                return a.event();
            }
            throw new IllegalArgumentException(((ParseOutcome.Rejected) out).rejection().toString());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Event event(String json) {
        return event(WEB, json, T0);
    }
}
