package io.kith.event;

import java.time.Instant;

/**
 * What a timeline needs of a stored event without reading its JSON: when it happened (its {@code timestamp}), which
 * orders it, and the brand it came through, which decides who may see it.
 */
public record EventStamp(Instant timestamp, String brand) {
}
