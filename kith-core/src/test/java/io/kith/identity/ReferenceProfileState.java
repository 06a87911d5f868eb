package io.kith.identity;

import io.kith.profile.Trait;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The mutable state of one live profile inside {@link ReferenceIdentityGraph}; absorbed profiles hand theirs over. */
final class ReferenceProfileState {
    static final int MAX_REFUSALS = 50;

    final long createdSequence;
    // Sized for the common case, a profile of a few identifiers and events: there are millions of these.
    /** Identifier ids by type name. */
    final Map<String, IntArrayList> byType = new TreeMap<>();
    LongArrayList events = new LongArrayList(2);
    boolean eventsSorted = true;
    final Map<String, Trait> traits = new HashMap<>(4);
    final TreeSet<String> sources = new TreeSet<>();
    final TreeSet<String> brands = new TreeSet<>();
    long firstSeenMillis = Long.MAX_VALUE;
    long lastSeenMillis = Long.MIN_VALUE;
    final long[] eventsByType = new long[6];
    final LongArrayList mergedFrom = new LongArrayList(0);
    final List<Decision.Merged> merges = new ArrayList<>(0);
    final ArrayDeque<Decision.Refused> refusals = new ArrayDeque<>(1);
    long refusalCount;
    boolean giantReported;

    ReferenceProfileState(long createdSequence) {
        this.createdSequence = createdSequence;
    }

    int identifierCount() {
        int n = 0;
        for (IntArrayList l : byType.values()) {
            n += l.size();
        }
        return n;
    }

    void addIdentifier(String type, int id) {
        byType.computeIfAbsent(type, t -> new IntArrayList(2)).add(id);
    }

    void refuse(Decision.Refused r) {
        refusalCount++;
        if (refusals.size() == MAX_REFUSALS) {
            refusals.removeFirst();
        }
        refusals.addLast(r);
    }

    /** Takes over everything of {@code other}, which stops existing. Traits merge by the trait policy. */
    void absorb(ReferenceProfileState other) {
        for (Map.Entry<String, IntArrayList> e : other.byType.entrySet()) {
            byType.computeIfAbsent(e.getKey(), t -> new IntArrayList(e.getValue().size())).addAll(e.getValue());
        }
        if (other.events.size() > events.size()) {
            LongArrayList mine = events;
            events = other.events;
            events.addAll(mine);
        } else {
            events.addAll(other.events);
        }
        eventsSorted = false;
        for (Map.Entry<String, Trait> t : other.traits.entrySet()) {
            traits.merge(t.getKey(), t.getValue(), (mine, theirs) -> mine.at().equals(theirs.at()) && mine.priority() == theirs.priority()
                    ? (mine.sourceId().compareTo(theirs.sourceId()) <= 0 ? mine : theirs) : mine.newer(theirs));
        }
        sources.addAll(other.sources);
        brands.addAll(other.brands);
        firstSeenMillis = Math.min(firstSeenMillis, other.firstSeenMillis);
        lastSeenMillis = Math.max(lastSeenMillis, other.lastSeenMillis);
        for (int i = 0; i < eventsByType.length; i++) {
            eventsByType[i] += other.eventsByType[i];
        }
        mergedFrom.add(other.createdSequence);
        mergedFrom.addAll(other.mergedFrom);
        merges.addAll(other.merges);
        for (Decision.Refused r : other.refusals) {
            refuse(r);
        }
        refusalCount += other.refusalCount - other.refusals.size();
    }

    LongArrayList sortedEvents() {
        if (!eventsSorted) {
            events.sort(null);
            eventsSorted = true;
        }
        return events;
    }
}
