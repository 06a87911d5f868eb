package io.kith.identity;

import java.util.List;

/**
 * The identifiers found in one event, normalised, each with the priority of its type, and the values that
 * were found but may not link (blocked placeholders, invalid phones), with the reason.
 */
public record Extraction(List<Candidate> identifiers, List<Refused> refused) {
    /** An identifier of the event and where it was found. */
    public record Candidate(Identifier identifier, int priority, String field) {
    }

    /** A value that will not link profiles, and why. */
    public record Refused(String type, String value, String field, String reason) {
    }
}
