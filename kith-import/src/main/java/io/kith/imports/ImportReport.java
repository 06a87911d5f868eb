package io.kith.imports;

import java.time.Duration;
import java.util.List;

/**
 * What an import did: rows read, events accepted, rows rejected (each with its line and reason; the first
 * {@link Importer#MAX_REASONS} are kept, the rest counted), and how fast.
 */
public record ImportReport(long rowsRead, long eventsAccepted, long rowsRejected, List<Rejected> rejected, boolean stoppedEarly,
                           Duration elapsed) {
    /** A row the importer could not accept; it was quarantined with the same reason. */
    public record Rejected(long line, String reason) {
    }

    public double rowsPerSecond() {
        return elapsed.isZero() ? 0 : rowsRead / (elapsed.toNanos() / 1e9);
    }

    /** The report as a person reads it at the end of {@code kith import}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d rows read, %,d events accepted, %,d rows rejected in %.1f s (%,.0f rows/s)%n",
                rowsRead, eventsAccepted, rowsRejected, elapsed.toMillis() / 1000.0, rowsPerSecond()));
        for (Rejected r : rejected) {
            sb.append("  line ").append(r.line()).append(": ").append(r.reason()).append('\n');
        }
        if (rowsRejected > rejected.size()) {
            sb.append("  ... and ").append(rowsRejected - rejected.size()).append(" more (all are in the quarantine)\n");
        }
        if (stoppedEarly) {
            sb.append("  the file could not be read past the last line reported; fix it and import again (accepted rows will not be duplicated)\n");
        }
        return sb.toString();
    }
}
