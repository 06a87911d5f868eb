package io.kith.imports;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an import did: rows read, events accepted, rows rejected (each with its line, column and reason; the first
 * {@link Importer#MAX_REASONS} are kept, the rest counted), where reading stopped if it could not reach the end of
 * the file, and how fast.
 */
public record ImportReport(long rowsRead, long eventsAccepted, long rowsRejected, List<Rejected> rejected, Optional<Stop> stop,
                           Duration elapsed, long eventsSuppressed) {
    public ImportReport(long rowsRead, long eventsAccepted, long rowsRejected, List<Rejected> rejected, Optional<Stop> stop, Duration elapsed) {
        this(rowsRead, eventsAccepted, rowsRejected, rejected, stop, elapsed, 0);
    }

    /**
     * A row the importer could not accept; it was quarantined with the same reason.
     *
     * @param column the column at fault (a CSV header name, a JSON path, an event field), or "" for the whole row
     */
    public record Rejected(long line, String column, String reason) {
        /** "line 12, column 'total'", or "line 12". */
        public String where() {
            return column.isEmpty() ? "line " + line : "line " + line + ", column '" + column + "'";
        }
    }

    /** Why reading stopped before the end of the file, and at which line. */
    public record Stop(long line, String reason) {
    }

    /** Whether the file could not be read to its end. */
    public boolean stoppedEarly() {
        return stop.isPresent();
    }

    public double rowsPerSecond() {
        return elapsed.isZero() ? 0 : rowsRead / (elapsed.toNanos() / 1e9);
    }

    /** The report as a person reads it at the end of {@code kith import}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d rows read, %,d events accepted, %,d rows rejected in %.1f s (%,.0f rows/s)%n",
                rowsRead, eventsAccepted, rowsRejected, elapsed.toMillis() / 1000.0, rowsPerSecond()));
        if (eventsSuppressed > 0) {
            sb.append(String.format("  %,d events were not kept: they name people who asked to be erased or suppressed%n", eventsSuppressed));
        }
        for (Rejected r : rejected) {
            sb.append("  ").append(r.where()).append(": ").append(r.reason()).append('\n');
        }
        if (rowsRejected > rejected.size()) {
            sb.append("  ... and ").append(rowsRejected - rejected.size()).append(" more (all are in the quarantine)\n");
        }
        stop.ifPresent(s -> sb.append("  reading stopped at line ").append(s.line()).append(": ").append(s.reason())
                .append("; nothing after it was imported. Fix the file and import it again (accepted rows will not be duplicated)\n"));
        return sb.toString();
    }
}
