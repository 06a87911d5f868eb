package io.kith.staff;

import java.time.Instant;

/**
 * One line of the console's audit log: who did what to which profile, when.
 *
 * @param action {@code view} for every view of a profile; {@code split} for an identity override submitted
 */
public record AuditEntry(Instant at, String accountId, String username, String action, String profileId) {
}
