package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.EventType;
import java.time.Instant;
import java.util.List;

/**
 * What identity resolution reads of one event: its type, source, brand and time, its identifiers (normalised, with the
 * values that may not link set aside) and the traits it says. {@link IdentifierExtractor} makes one from an
 * {@link io.kith.event.Event} or straight from the event's stored JSON, so that the costly part of resolving an event
 * can run on other threads than the resolution itself.
 *
 * @param traits the event's traits in the order it gives them: {@code traits} of an identify or group call,
 *               {@code context.traits} of the others
 */
public record IdentityInput(EventType type, String sourceId, String brand, Instant timestamp, Extraction extraction,
                            List<TraitInput> traits) {
    /** One trait an event says. */
    public record TraitInput(String name, JsonNode value) {
    }
}
