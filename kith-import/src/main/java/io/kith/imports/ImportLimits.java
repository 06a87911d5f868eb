package io.kith.imports;

import io.kith.event.IngestLimits;

/**
 * How large a row, a field and an event of an imported file may be, in bytes of UTF-8. A row over the limit is
 * skipped to its end without being held in memory and rejected with its line; a field or event over its limit
 * rejects the row.
 *
 * @param maxRowBytes   one CSV record or JSON line; bounds the memory one row can take
 * @param maxFieldBytes one CSV field or JSON string value
 * @param maxEventBytes the event made from a row (or a group of rows), as the HTTP API counts it
 */
public record ImportLimits(int maxRowBytes, int maxFieldBytes, int maxEventBytes) {
    /**
     * 64 KiB per row, 32 KiB per field and per event. The event limit is the API's, so a file cannot bring in what
     * the API refuses; a field larger than an event could never be in one; a row may be twice that, for exports
     * with wide, unmapped columns. The importer holds up to a few tens of thousands of rows in flight, so the row
     * limit is also what keeps a hostile file from using gigabytes.
     */
    public static final ImportLimits DEFAULT = new ImportLimits(64 * 1024, IngestLimits.SEGMENT.maxEventBytes(),
            IngestLimits.SEGMENT.maxEventBytes());

    public ImportLimits {
        if (maxRowBytes < 1 || maxFieldBytes < 1 || maxEventBytes < 1) {
            throw new IllegalArgumentException("import limits must be positive: " + maxRowBytes + ", " + maxFieldBytes + ", " + maxEventBytes);
        }
    }
}
