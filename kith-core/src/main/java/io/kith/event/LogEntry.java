package io.kith.event;

/** A record read back from the {@link EventLog} at its sequence number (0-based, dense, in append order). */
public record LogEntry(long sequence, byte[] payload) {
}
