package io.kith.profile;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every value a person's events gave each {@link Attribute}: the names, birth dates, addresses, e-mail addresses and
 * phone numbers of a profile's whole history, not only the latest trait. Read from the stored events through the
 * event-to-profile projection, so it follows merges and splits and goes with the events when a person is erased;
 * nothing of it is held in identity's memory. Record matching compares people on it (a person who moved still matches
 * the old address another source holds); the single customer view shows it.
 *
 * <p>Values are told apart as matching compares them ({@link Attribute#normalise}): "Old Rd 5" and " old  rd 5" are
 * one value. Thread-safe.
 */
public interface AttributeHistory {
    /**
     * One value of one attribute as one source gave it.
     *
     * @param value      the value as the source last gave it (stripped)
     * @param normalised the value as matching compares it ({@link Attribute#normalise})
     * @param first      the event time of the first event that gave it
     * @param last       the event time of the last event that gave it
     * @param events     how many events gave it
     */
    record Seen(Attribute attribute, String value, String normalised, String sourceId, Instant first, Instant last, long events) {
    }

    /** Whether a history holds two different values of one attribute (a move, a new name, a corrected birth date). */
    static boolean varies(List<Seen> history) {
        java.util.Map<Attribute, String> first = new java.util.EnumMap<>(Attribute.class);
        for (Seen s : history) {
            String was = first.putIfAbsent(s.attribute(), s.normalised());
            if (was != null && !was.equals(s.normalised())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The history of each of these profiles (live ids; a merged-away id answers nothing): per profile, its values by
     * attribute in {@link Attribute} order, the most recently given first (then by value and source). A profile whose
     * events gave none of the attributes is left out.
     */
    Map<String, List<Seen>> of(Collection<String> profileIds);

    /**
     * The history these events give, as {@link #of} answers it for one profile: for a reader that holds a live profile's
     * event sequences already (the single customer view, from the identity graph), which reads the events by sequence
     * instead of finding them through the event-to-profile projection. Sequences with no stored event are skipped.
     */
    List<Seen> ofEvents(long[] sequences);

    /**
     * Gives the history of every profile with one, in pages of at most {@code profiles} profiles (in profile id order),
     * each page as {@link #of} would answer it: for a run over everyone, without one read per profile.
     */
    void forEachPage(int profiles, Consumer<Map<String, List<Seen>>> page);
}
