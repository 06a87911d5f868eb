package io.kith.event;

import java.time.Instant;

/**
 * An event Kith could not accept, kept with its reason and its raw payload so that nothing is silently
 * dropped; it can be inspected through the API and replayed once fixed.
 *
 * @param id         stable id of the quarantine entry
 * @param sourceId   the source whose write key sent it, or null when the key was unknown
 * @param receivedAt when Kith received it
 * @param rejection  why it was refused
 * @param raw        the payload as received (for an event in a batch: that event's JSON)
 */
public record QuarantinedEvent(String id, String sourceId, Instant receivedAt, Rejection rejection, String raw) {
}
