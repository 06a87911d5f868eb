package io.kith.feed;

import java.util.List;

/**
 * One change of the profiles, as identity resolution made it, in log order. Each carries the store sequence it
 * reflects: a consumer that has applied a change up to sequence N holds what a rebuild from the events up to N gives.
 * Segments, labels, the search index, destinations and erasure follow these instead of polling the store.
 */
public sealed interface ProfileChange {
    /** The store sequence of the event that made the change (for {@link Rebuilt}: the last one the new graph holds). */
    long sequence();

    /**
     * The profiles whose state the change alters, for a consumer that reads them again: a merge's absorbed profile (now
     * gone) and its survivor, a split profile and those it split into. Empty for {@link Rebuilt}, which alters every one.
     */
    default List<String> profiles() {
        List<String> all = new java.util.ArrayList<>(2);
        addProfilesTo(all);
        return List.copyOf(all);
    }

    /**
     * Adds {@link #profiles()} to {@code to}, making no list: the segment engine and the search index collect the
     * profiles of every change on the projector's thread, one or two per event, and the list and iterator each call made
     * were 250 MB of the projector's 4.7 GB allocated per million events.
     */
    default void addProfilesTo(java.util.Collection<? super String> to) {
        switch (this) {
            case Created c -> to.add(c.profileId());
            case Changed c -> to.add(c.profileId());
            case Merged m -> {
                to.add(m.intoId());
                to.add(m.absorbedId());
            }
            case Split s -> {
                to.add(s.profileId());
                to.addAll(s.intoIds());
            }
            case Rebuilt r -> {
                // alters every profile: none listed
            }
        }
    }

    /** A new profile, made by the event at {@code sequence}. */
    record Created(String profileId, long sequence) implements ProfileChange {
    }

    /**
     * The event at {@code sequence} was recorded on the profile: a new event in its timeline, and the traits it said
     * (names only; the policy decides whether the value changed).
     */
    record Changed(String profileId, long sequence, List<String> traits) implements ProfileChange {
    }

    /** The event at {@code sequence} joined {@code absorbedId} into {@code intoId}: the absorbed id now resolves to it. */
    record Merged(String absorbedId, String intoId, long sequence) implements ProfileChange {
    }

    /**
     * A rebuild (new overrides: an un-merge; new rules) split a profile: the identifiers of {@code profileId} now belong to
     * the profiles {@code intoIds} (one of which may be {@code profileId} itself).
     */
    record Split(String profileId, List<String> intoIds, long sequence) implements ProfileChange {
    }

    /**
     * Identity was rebuilt from the stored events (the changes before it, of splits and merges it made, are listed
     * beside it): a consumer that keeps anything per profile should read the profiles it holds again.
     */
    record Rebuilt(long sequence, String reason) implements ProfileChange {
    }
}
