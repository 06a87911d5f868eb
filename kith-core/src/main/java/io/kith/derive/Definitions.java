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
        RETENTION,
        /**
         * A model run's record (named by the model, such as {@code clv}; each run a new version): when it ran, on what
         * data window, the fitted parameters, the metrics. The version is the model version on the values it wrote.
         */
        MODEL_RUN
    }

    record Saved(Kind kind, String name, int version, JsonNode body, Instant savedAt) {
    }

    /** Saves a new version (1 when the name is new) unless the latest version has the same body; answers the latest. */
    Saved save(Kind kind, String name, JsonNode body, Instant at);

    /** The latest version of every definition of a kind, by name. */
    List<Saved> all(Kind kind);

    Optional<Saved> latest(Kind kind, String name);

    /** Every version of one definition, newest first, at most {@code limit}. */
    List<Saved> history(Kind kind, String name, int limit);

    /** One version of one definition. */
    Optional<Saved> version(Kind kind, String name, int version);
}
