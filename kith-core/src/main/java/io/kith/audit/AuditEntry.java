package io.kith.audit;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which thing, when, from where, and how it ended. Never the data read or
 * written: a profile read names the profile id, an erasure names the regulation.
 *
 * @param actor  {@code key:<id>} for an API key ({@code key:admin} for the admin key), {@code staff:<username>} for the
 *               console, {@code kith} for Kith's own jobs
 * @param action what was done: {@code GET /api/v1/profiles/{id}}, {@code console view}, {@code regulation finished}
 * @param target the thing it was done to (a profile id, a segment key, a regulation id), or empty
 * @param origin the client's address, or empty
 * @param status the HTTP status answered, or 0 for what no request caused
 */
public record AuditEntry(Instant at, String actor, String action, String target, String origin, int status) {
}
