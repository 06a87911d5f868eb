package io.kith.event;

/** An accepted event with the log sequence number it was stored under. */
public record StoredEvent(long sequence, Event event) {
}
