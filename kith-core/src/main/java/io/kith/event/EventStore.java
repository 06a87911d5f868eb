package io.kith.event;

import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The analytical projection of the log: one row per accepted event, with the hot fields typed, queried by
 * the profile timeline, segments and analytics. Also holds the quarantine projection.
 *
 * <p>Filled only by the projector, in log order, exactly once: {@link #apply} stores a batch together with
 * the log position it reaches in one transaction, so a crash between batches neither loses nor repeats
 * rows. Thread-safe.
 */
public interface EventStore {
    /** The log sequence up to which (exclusive) records have been applied; 0 for an empty store. */
    long appliedSequence();

    /**
     * Stores a batch read from the log, atomically with the new applied position.
     *
     * @param events      accepted events with their log sequence numbers, already free of duplicates
     * @param quarantined quarantined events from the same range of the log
     * @param toSequence  one past the last log sequence this batch covers; must exceed {@link #appliedSequence()}
     */
    void apply(List<StoredEvent> events, List<QuarantinedEvent> quarantined, long toSequence);

    /** The event stored from log sequence {@code sequence}, if that record was an accepted, non-duplicate event. */
    Optional<StoredEvent> bySequence(long sequence);

    /** The events stored from these log sequences, in the order given; sequences with no event are skipped. */
    List<StoredEvent> bySequences(long[] sequences);

    /** Up to {@code max} stored events with sequence at least {@code fromSequence}, in log order: for rebuilding projections. */
    List<StoredEvent> scan(long fromSequence, int max);

    /** Calls {@code sink} with the 64-bit dedup key ({@link MessageKeys#of}) of every stored event, to rebuild the dedup set at start. */
    void forEachMessageKey(LongConsumer sink);

    long countEvents();

    /** Removes every row and resets the applied position to 0, for a rebuild from the log. */
    void clear();
}
