package io.kith.console;

import io.kith.audit.AuditEntry;
import io.kith.audit.AuditTrail;
import java.time.Clock;

/**
 * Writes what staff do in the console — each view of a customer, each change — to Kith's one audit log, beside the API's
 * calls and Kith's jobs: who ({@code staff:<username>}), what ({@code console view}, {@code console unlink}, …), which
 * profile or thing (its id, never its data), when, and from where (the client's address). Through the audit log's
 * background writer ({@link AuditTrail}), so a customer view never waits for a database write: the view's synchronous
 * insert was its slowest part at p99 (33.6 ms at 10,000 customers under load), and it did not say from where.
 */
final class StaffAudit {
    private final AuditTrail trail;
    private final Clock clock;

    StaffAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** Records that the signed-in staff member did {@code action} to {@code target} (an id, or empty). */
    void record(Pages.Request r, String action, String target) {
        trail.accept(new AuditEntry(clock.instant(), "staff:" + r.staff().account().username(), "console " + action, target,
                r.call().remoteAddress(), 0));
    }

    /** Waits until what was recorded is written, so that the audit page shows the view that led to it. */
    void flush() {
        trail.flush();
    }
}
