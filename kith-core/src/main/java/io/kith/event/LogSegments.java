package io.kith.event;

import java.util.List;
import java.util.Optional;

/**
 * The sealed segments of a log kept in files, each with room for a small summary beside it that a reader of the log
 * computed from its records (the privacy worker's {@code LogFilter}), so that the summary is read at a start instead of
 * being computed again from the whole log. The log keeps the summary's bytes whole or not at all, ties them to the
 * segment as it is (a summary of a segment rewritten since is never given back), and deletes it when it rewrites the
 * segment (a redaction): a summary given back always describes the records the segment holds. Thread-safe.
 */
public interface LogSegments {
    /**
     * A sealed segment: records [{@code from}, {@code to}); {@code generation} changes when the segment's file is written
     * anew (a redaction), so a summary read or made before no longer matches it.
     */
    record Sealed(long from, long to, long generation) {
    }

    /** The sealed segments, in sequence order (the one being appended to is not among them). */
    List<Sealed> sealed();

    /**
     * The generation of the segment that holds {@code sequence} (sealed or being appended to): it changes when that
     * segment's file is written anew, and not when the segment is sealed.
     */
    long generationAt(long sequence);

    /** The summary kept beside the segment, if there is one that holds (its checksum, and the segment as it is now). */
    Optional<byte[]> readSummary(Sealed segment);

    /**
     * Keeps {@code summary} beside the segment, crash-safely (a temporary file synced, then renamed over the old one); does
     * nothing when the segment is no longer as {@code segment} describes it.
     */
    void writeSummary(Sealed segment, byte[] summary);
}
