package io.kith.audit;

import java.time.Instant;
import java.util.List;

/**
 * The append-only audit log: every authenticated API call (profile reads, changes of identity, segments, keys and
 * configuration, privacy requests), the console's staff actions, and what Kith's jobs did on their behalf (an erasure
 * carried out). Entries are only added, and removed only by retention ({@link #deleteBefore}). Thread-safe.
 */
public interface AuditLog {
    void append(List<AuditEntry> entries);

    /** The newest entries before {@code before} (all when null), newest first, at most {@code limit}: API and console alike. */
    List<AuditEntry> list(Instant before, int limit);

    /** Retention: removes the entries older than {@code cutoff}; returns how many went. */
    long deleteBefore(Instant cutoff);
}
