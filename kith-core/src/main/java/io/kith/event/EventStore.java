package io.kith.event;

import java.util.List;
import java.util.Optional;

/**
 * The analytical projection of the log: one row per accepted event, with the hot fields typed, queried by
 * the profile timeline, segments and analytics. Also holds the quarantine projection.
 *
 * <p>Filled only by the projector, in log order, exactly once: {@link #apply} stores a batch together with
 * the log position it reaches in one transaction, so a crash between batches neither loses nor repeats
 * rows. Thread-safe.
 */
public interface EventStore {
    /** The log sequence up to which (exclusive) this process's log has been applied; 0 for an empty store. */
    long appliedSequence();

    /**
     * Stores a batch read from the log, atomically with the new applied position, and answers the events as stored.
     *
     * <p>Each stored event gets the store's sequence number, strictly increasing in the order batches are applied:
     * on the embedded store (one process, one log) it is the event's log sequence; on a store shared by several
     * servers, each with its own log, it is one order over all of them, so that every server resolves identity in
     * the same order. An event whose (source, messageId) the store already holds is not stored again.
     *
     * @param events      accepted events with their log sequence numbers (duplicates, within the batch or of stored events, are dropped)
     * @param quarantined quarantined events from the same range of the log
     * @param toSequence  one past the last log sequence this batch covers; must exceed {@link #appliedSequence()}
     * @return the events stored, in order, each with the sequence the store gave it
     */
    List<StoredEvent> apply(List<StoredEvent> events, List<QuarantinedEvent> quarantined, long toSequence);

    /**
     * What {@link #apply} would answer for this batch, when this store can tell before writing it; empty when it cannot.
     * The embedded store, the only writer of its table, can: its sequences and duplicates follow from what it holds. A
     * store shared by several servers numbers events as they commit, so it cannot. The projector hands a plan to its
     * listeners before the write, so that identity does not wait for the store's commit (or its checkpoint), and plans the
     * next batch while the store writes this one.
     *
     * <p>Plans chain: a plan counts the batches planned before it and not yet applied (the one being written included) as
     * stored, so an event it repeats is dropped and its sequences follow theirs. {@code apply} of the oldest plan's very
     * list writes what the plan said. A batch planned again from a sequence an outstanding plan covers, an {@code apply}
     * of any other list, and an {@code apply} that fails give up the plans outstanding (an apply then works its batch out
     * afresh). {@code plan} may run while {@code apply} of an earlier plan runs on another thread.
     */
    default java.util.Optional<List<StoredEvent>> plan(List<StoredEvent> events) {
        return java.util.Optional.empty();
    }

    /**
     * Whether {@code batch} is planned again from a sequence that the last outstanding plan, of {@code lastPlanned}, covers:
     * the plans outstanding were then given up ({@link #plan}'s rule, for every store that plans).
     */
    static boolean plansAgain(List<StoredEvent> lastPlanned, List<StoredEvent> batch) {
        return !batch.isEmpty() && !lastPlanned.isEmpty()
                && batch.get(0).sequence() <= lastPlanned.get(lastPlanned.size() - 1).sequence();
    }

    /** The event stored under the store's sequence {@code sequence}, if there is one. */
    Optional<StoredEvent> bySequence(long sequence);

    /** The events stored under these store sequences, in the order given; sequences with no event are skipped. */
    List<StoredEvent> bySequences(long[] sequences);

    /**
     * When each of these events happened and through which brand, by store sequence; sequences with no event are left
     * out. What a timeline is ordered and filtered by, for every event of a person, without reading their JSON.
     */
    default java.util.Map<Long, EventStamp> stamps(long[] sequences) {
        java.util.Map<Long, EventStamp> out = new java.util.HashMap<>();
        for (StoredEvent e : bySequences(sequences)) {
            out.put(e.sequence(), new EventStamp(e.event().timestamp(), e.event().brand()));
        }
        return out;
    }

    /**
     * Up to {@code max} stored events with sequence at least {@code fromSequence}, in sequence order: for rebuilding and
     * following projections. A shorter page is not the end (a shared store ends a page where sequences may still be
     * committing): read on from one past its last event until a page is empty.
     */
    List<StoredEvent> scan(long fromSequence, int max);

    /**
     * A reader of ranges of sequences for one thread, holding what each range would set up again (a connection, a
     * prepared query): for a rebuild's reader threads, which read hundreds of ranges each. Close it when done.
     */
    RangeReader rangeReader();

    /** Reads ranges of stored events on one thread; not thread-safe. */
    @FunctionalInterface
    interface RangeReader extends AutoCloseable {
        /**
         * Hands each stored event with a sequence in [{@code fromSequence}, {@code toSequence}) to {@code visit} as soon
         * as it is read, in no promised order: the reader of a rebuild works on each event while its bytes are still
         * in the core's cache, instead of first reading the whole range into a list.
         */
        void visitRange(long fromSequence, long toSequence, Visitor visit);

        /**
         * The stored events with sequences in [{@code fromSequence}, {@code toSequence}), in sequence order: those
         * {@link #visitRange} visits. A range may hold no event (gaps), or as many as it is wide.
         */
        default List<StoredEvent> scanRange(long fromSequence, long toSequence) {
            List<StoredEvent> out = new java.util.ArrayList<>();
            visitRange(fromSequence, toSequence, (sequence, e) -> out.add(new StoredEvent(sequence, e)));
            for (int i = 1; i < out.size(); i++) {
                if (out.get(i).sequence() < out.get(i - 1).sequence()) {
                    out.sort(java.util.Comparator.comparingLong(StoredEvent::sequence));
                    break;
                }
            }
            return out;
        }

        @Override
        default void close() {
        }

        /** Takes one stored event of a range. */
        @FunctionalInterface
        interface Visitor {
            void accept(long sequence, Event event);
        }
    }

    /** The highest store sequence of a stored event, or -1 when there is none. */
    long lastSequence();

    long countEvents();

    /**
     * Stores events and quarantine rows exactly as another store held them, keeping their sequences, and sets this
     * process's applied log position: for copying a store to another engine. Each event's sequence must exceed every
     * sequence already stored; quarantine rows come oldest first.
     */
    void restore(List<StoredEvent> events, List<QuarantinedEvent> quarantined, long appliedSequence);

    /** Removes every row and resets the applied position to 0, for a rebuild from the log. */
    void clear();
}
