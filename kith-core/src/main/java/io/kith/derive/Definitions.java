package io.kith.derive;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Versioned definitions of what Kith derives per profile (computed traits, labels), kept in the store so that every
 * server computes with the same ones. A definition is JSON ({@link DerivationJson}); a change is a new version.
 */
public interface Definitions {
    enum Kind {
        COMPUTED_TRAIT, LABEL,
        /** The RFM settings (one definition, named {@code settings}): which events are purchases, the window. */
        RFM,
        /** The retention policy (one definition, named {@code policy}): how long events of each kind are kept. */
        RETENTION
    }

    record Saved(Kind kind, String name, int version, JsonNode body, Instant savedAt) {
    }

    /** Saves a new version (1 when the name is new) unless the latest version has the same body; answers the latest. */
    Saved save(Kind kind, String name, JsonNode body, Instant at);

    /** The latest version of every definition of a kind, by name. */
    List<Saved> all(Kind kind);

    Optional<Saved> latest(Kind kind, String name);
}
