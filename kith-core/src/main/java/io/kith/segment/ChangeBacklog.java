package io.kith.segment;

import io.kith.feed.ProfileChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The profile changes the segment engine has not taken yet, coalesced: the people touched (once each, however many
 * batches touched them), the merges whose absorbed profiles leave their segments, whether identity was rebuilt, and the
 * last sequence. It holds what the engine acts on, not the change lists, so while the projector catches up on a
 * backlog of millions of events it grows with the people touched, not with the events, and a person touched by many
 * batches is evaluated once.
 */
final class ChangeBacklog {
    /** What the engine takes at once. */
    record Taken(Set<String> touched, List<ProfileChange.Merged> merges, boolean rebuilt, long lastSequence) {
    }

    private LinkedHashSet<String> touched = new LinkedHashSet<>();
    private List<ProfileChange.Merged> merges = new ArrayList<>();
    private boolean rebuilt;
    private long last;
    private boolean empty = true;
    /** When the oldest change of the backlog came ({@link System#nanoTime()}); meaningless while empty. */
    private long since;

    /** Adds one batch of the change feed; true when the backlog was empty before (the engine is then told once). */
    synchronized boolean add(List<ProfileChange> batch) {
        boolean wasEmpty = empty;
        if (wasEmpty) {
            since = System.nanoTime();
        }
        for (ProfileChange c : batch) {
            empty = false;
            last = Math.max(last, c.sequence());
            c.addProfilesTo(touched); // a merge's absorbed profile too: evaluated as gone, it leaves what it was in
            if (c instanceof ProfileChange.Merged m) {
                merges.add(m);
            } else if (c instanceof ProfileChange.Rebuilt) {
                rebuilt = true;
            }
        }
        return wasEmpty && !empty;
    }

    /** Whether a rebuild waits in the backlog: its take sets off a whole pass, which makes one under way needless. */
    synchronized boolean rebuilt() {
        return rebuilt;
    }

    /** How many people are waiting to be evaluated. */
    synchronized int people() {
        return touched.size();
    }

    /** Since when the oldest change of the backlog has waited ({@link System#nanoTime()}); now when it is empty. */
    synchronized long since() {
        return empty ? System.nanoTime() : since;
    }

    /** Everything added since the last take, and an empty backlog. */
    synchronized Taken take() {
        Taken t = new Taken(touched, List.copyOf(merges), rebuilt, last);
        touched = new LinkedHashSet<>();
        merges = new ArrayList<>();
        rebuilt = false;
        last = 0;
        empty = true;
        return t;
    }
}
