package io.kith.profile;

import java.time.Instant;

/**
 * One identifier of a profile: its type and normalised value, when it was first linked (event time) and by
 * which log record.
 */
public record ProfileIdentifier(String type, String value, Instant firstSeen, long linkedBySequence) {
}
