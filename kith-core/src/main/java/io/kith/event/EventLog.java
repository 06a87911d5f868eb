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

    @Override
    void close();
}
