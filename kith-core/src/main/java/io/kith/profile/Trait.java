package io.kith.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The current value of one trait of a profile, with the source that said it and when (event time).
 *
 * @param priority the source priority the rules gave the source for this trait (0 when none)
 */
public record Trait(JsonNode value, String sourceId, Instant at, int priority) {
    /**
     * The merge policy: a higher source priority wins; at equal priority the later event time wins; at equal
     * time the later in log order wins (the caller passes the newer one as {@code other}), so that the result is
     * a function of the log.
     */
    public Trait newer(Trait other) {
        if (other.priority != priority) {
            return other.priority > priority ? other : this;
        }
        return other.at.isBefore(at) ? this : other;
    }
}
