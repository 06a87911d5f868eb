package io.kith.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the stored events say about the data coming in, for the people who watch it: how many events each source and
 * brand sent per period, and the latest events of one source. A read of the events table, so it follows erasure and
 * retention and a rebuild answers the same. Thread-safe.
 */
public interface EventActivity {
    /** Which of an event's times counts it into a period. */
    enum TimeBasis {
        /** When it happened, as the client said (corrected for the client's clock skew): shows imported history where it belongs. */
        EVENT_TIME,
        /** When Kith received it: the load on the collection API and the importer. */
        RECEIVED
    }

    /**
     * The events of one source (and its brand) counted in one period.
     *
     * @param period the period's start: a multiple of the period's length since the epoch (whole UTC days, hours)
     */
    record Volume(Instant period, String sourceId, String brand, long events) {
    }

    /**
     * Events per period, source and brand, of the events whose time is in [{@code from}, {@code to}); periods and
     * sources without events are left out. Ordered by period, source.
     *
     * @param period a whole number of seconds, at least one
     */
    List<Volume> volume(TimeBasis basis, Instant from, Instant to, Duration period);

    /** The store sequences of a source's latest stored events, newest first, at most {@code limit}. */
    long[] latest(String sourceId, int limit);
}
