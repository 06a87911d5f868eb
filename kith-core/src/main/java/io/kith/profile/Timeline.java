package io.kith.profile;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * A person's events in the order a timeline shows them: newest first by when they happened ({@code timestamp}), and
 * among events of the same instant the one stored last first. Stored order alone put an imported history (a CRM's or a
 * till's past orders, stored after this week's page views) above everything that happened since.
 *
 * <p>Pages are cut by a cursor: the sequence of the last event a page showed; the next page starts after it. A cursor
 * stays right while events arrive, wherever they fall in time. Pure: the caller reads the times from the event store.
 */
public final class Timeline {
    private final long[] sequences;
    private final Map<Long, Integer> positions;

    private Timeline(long[] sequences) {
        this.sequences = sequences;
        this.positions = new java.util.HashMap<>(Math.max(16, sequences.length * 2));
        for (int i = 0; i < sequences.length; i++) {
            positions.put(sequences[i], i);
        }
    }

    /**
     * @param sequences the person's events
     * @param happened  when each happened; a sequence without a time (erased since its profile was read) is left out
     */
    public static Timeline of(long[] sequences, Map<Long, Instant> happened) {
        record At(long sequence, Instant at) {
        }
        At[] at = Arrays.stream(sequences).distinct().filter(happened::containsKey).mapToObj(s -> new At(s, happened.get(s))).toArray(At[]::new);
        Arrays.sort(at, java.util.Comparator.comparing(At::at).thenComparingLong(At::sequence).reversed());
        return new Timeline(Arrays.stream(at).mapToLong(At::sequence).toArray());
    }

    /**
     * The events of {@code sequences} whose brand {@code seen} accepts (an account or key limited to brands sees only
     * theirs, and pages of them are full), ordered by their stamps' times.
     */
    public static Timeline seenBy(long[] sequences, Map<Long, io.kith.event.EventStamp> stamps, java.util.function.Predicate<String> seen) {
        Map<Long, Instant> happened = new java.util.HashMap<>(Math.max(16, stamps.size() * 2));
        stamps.forEach((sequence, stamp) -> {
            if (seen.test(stamp.brand())) {
                happened.put(sequence, stamp.timestamp());
            }
        });
        return of(sequences, happened);
    }

    /** Every event, newest first. */
    public long[] newestFirst() {
        return sequences.clone();
    }

    public int size() {
        return sequences.length;
    }

    /**
     * Where the page after {@code cursor} starts: 0 for no cursor (the newest), -1 when the cursor is not one of these
     * events (mistyped, or another person's).
     */
    public int startAfter(Long cursor) {
        if (cursor == null) {
            return 0;
        }
        Integer at = positions.get(cursor);
        return at == null ? -1 : at + 1;
    }

    /** Up to {@code count} events from position {@code from}, newest first. */
    public long[] page(int from, int count) {
        int start = Math.min(Math.max(0, from), sequences.length);
        return Arrays.copyOfRange(sequences, start, Math.min(sequences.length, start + Math.max(0, count)));
    }
}
