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
 * @param raw        the payload as received (for an event in a batch: that event's JSON), card numbers masked and cut
 *                   at {@link #MAX_RAW_CHARS} characters
 */
public record QuarantinedEvent(String id, String sourceId, Instant receivedAt, Rejection rejection, String raw) {
    /**
     * The most of a payload a quarantine item keeps: enough to see what was sent (an event may have 32 KiB), while a
     * refused 500 KB body does not make every page of the quarantine listing megabytes long.
     */
    public static final int MAX_RAW_CHARS = 64 * 1024;

    /** Masks card numbers in the reason and the payload ({@link CardNumbers}) and cuts a long payload, whoever made the item. */
    public QuarantinedEvent {
        if (rejection != null) {
            String message = CardNumbers.mask(rejection.message());
            String path = CardNumbers.mask(rejection.path());
            if (message != rejection.message() || path != rejection.path()) {
                rejection = new Rejection(rejection.code(), path, message);
            }
        }
        raw = CardNumbers.mask(raw); // before the cut, which could leave part of a number that is whole here
        if (raw != null && raw.length() > MAX_RAW_CHARS) {
            // The kept text with its note stays within the limit, so that an item made again from a stored one (the log
            // is read back) is the same, not cut a second time.
            int total = raw.length();
            int cut = MAX_RAW_CHARS - 64;
            if (Character.isHighSurrogate(raw.charAt(cut - 1))) {
                cut--;
            }
            raw = raw.substring(0, cut) + "... [cut: " + total + " characters in all]";
        }
    }
}
