package io.kith.event;

import java.util.List;

/**
 * The append-only event log: the truth from which every projection (events table, identity graph, profiles,
 * segments) is derived. Records get dense sequence numbers from 0 in append order.
 *
 * <p>Implementations are thread-safe. {@link #append} returns only once its records are durable (fsync'd on
 * the embedded log, acknowledged by all in-sync replicas on Kafka), and concurrent appends are committed in
 * groups so that durability costs one sync per group rather than one per request.
 */
public interface EventLog extends AutoCloseable {
    /**
     * Appends records and blocks until they are durable.
     *
     * @return the sequence number of the first record appended
     */
    long append(List<byte[]> records);

    /** Reads up to {@code max} durable records starting at sequence {@code from}; empty when none are there yet. */
    List<LogEntry> read(long from, int max);

    /** One past the sequence number of the last durable record: the number of records in the log. */
    long endSequence();

    /**
     * Waits until the log holds a durable record at {@code sequence} or later, or the time is up, whichever comes
     * first: how a follower of the log sleeps while there is nothing to read without missing new records by a poll's
     * interval. This default polls every millisecond; a log that knows when it commits wakes the waiter at once.
     *
     * @return whether the log now reaches {@code sequence}
     */
    default boolean awaitEnd(long sequence, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (endSequence() <= sequence) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Rewrites records in place, keeping their sequences: each durable record before {@code toSequence} for which
     * {@code redactor} answers a replacement is replaced by it, so that the log no longer holds the old bytes. How
     * erasure reaches the truth itself (see docs/privacy.md): the replacement is a stub that names the erasure, never a
     * copy of what it replaces. Appends go on meanwhile. Safe against a crash: each file is replaced whole or not at all,
     * and running the same redaction again changes nothing more.
     *
     * @return what was rewritten
     */
    Redaction redact(long toSequence, Redactor redactor);

    /**
     * As {@link #redact(long, Redactor)}, reading only the stretches of the log that {@code mayHold} says may hold a record
     * to replace: a log kept in files skips each sealed file of which {@code mayHold(first, end)} is false. For an erasure
     * that knows, from a summary of the log, where a person's records can be. This default reads everything.
     */
    default Redaction redact(long toSequence, Redactor redactor, Stretches mayHold) {
        return redact(toSequence, redactor);
    }

    /** Which stretches of sequences a {@link #redact} must read. */
    @FunctionalInterface
    interface Stretches {
        /** Whether a record in [{@code from}, {@code to}) may be replaced (false positives only, never a miss). */
        boolean mayHold(long from, long to);
    }

    /** Decides, record by record, what {@link #redact} replaces. Called from one thread. */
    @FunctionalInterface
    interface Redactor {
        /** The bytes that replace this record, or null to keep it. */
        byte[] replacement(long sequence, byte[] payload);
    }

    /**
     * What a {@link #redact} did.
     *
     * @param examined      records read
     * @param replaced      records replaced
     * @param filesRewritten files of the log written anew (with their old bytes gone)
     */
    record Redaction(long examined, long replaced, int filesRewritten) {
    }

    @Override
    void close();
}
