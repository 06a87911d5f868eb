package io.kith.search.lucene;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.EventParser;
import io.kith.event.ParseOutcome;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** An identity projection fed events by hand, as the projector would after storing them. */
final class Identities {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Source CRM = new Source("src_crm", "CRM", "northwind", SourceKind.CRM, "GB", "wk_crm");
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    final IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
            id -> new IdentityGraph.SourceInfo("GB", "crm"), a -> { });
    private final EventParser parser = new EventParser(() -> "m-" + System.nanoTime());
    private long sequence;

    /** Stores one event (JSON) and returns its sequence. */
    long store(String json) {
        try {
            ObjectNode node = (ObjectNode) M.readTree(json);
            node.put("timestamp", T0.plusSeconds(sequence).toString());
            var out = parser.parse(node, null, CRM, T0.plusSeconds(sequence), "$");
            if (!(out instanceof ParseOutcome.Accepted a)) {
                throw new IllegalArgumentException(((ParseOutcome.Rejected) out).rejection().toString());
            }
            long s = sequence++;
            identity.onApplied(List.of(new StoredEvent(s, a.event())));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The profile holding a user id now. */
    String profileOfUser(String userId) {
        return identity.read(g -> g.lookup(g.normalize("user_id", userId, null).orElseThrow())).orElseThrow();
    }
}
