package io.kith.identity;

import io.kith.profile.Trait;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mutable state of one live profile inside {@link IdentityGraph}; absorbed profiles hand theirs over.
 *
 * <p>There are millions of these, so they hold primitive arrays rather than collections: the identifiers as refs into
 * the {@link IdentifierTable} with their type indices beside them (limits are counted without touching the table),
 * where its list of event sequences starts and ends in the graph's {@link EventLists}, the traits as parallel name and
 * value arrays (a profile has a handful), sources and brands as bit sets over indices the graph interns, and the rare
 * parts (merges, refusals) in an object made on first use.
 */
final class ProfileState {
    static final int MAX_REFUSALS = 50;

    final long createdSequence;
    /** Each identifier as (type index << 32 | ref into the table). */
    long[] identifiers = new long[2];
    int identifierCount;
    /** The first (newest) and last (oldest, or a merged profile's) entry of its list of events, -1 while it has none. */
    int eventHead = -1;
    int eventTail = -1;
    int eventCount;
    SaidTrait[] traits;
    int traitCount;
    long sources;
    long brands;
    /** Source and brand indices of 64 and above, sorted. */
    int[] moreSources;
    int[] moreBrands;
    long firstSeenMillis = Long.MAX_VALUE;
    long lastSeenMillis = Long.MIN_VALUE;
    long identifies;
    long tracks;
    long pages;
    long screens;
    long groups;
    long aliases;
    Rare rare;
    boolean giantReported;

    /** What few profiles have: profiles merged in, decisions of those merges, refused identifiers. */
    static final class Rare {
        final LongArrayList mergedFrom = new LongArrayList(1);
        final List<Decision.Merged> merges = new ArrayList<>(1);
        final ArrayDeque<Decision.Refused> refusals = new ArrayDeque<>(1);
        long refusalCount;
        /** Trait names not kept because the profile held its limit of them (limits.traitsPerProfile). */
        long traitsDropped;
    }

    ProfileState(long createdSequence) {
        this.createdSequence = createdSequence;
    }

    Rare rare() {
        if (rare == null) {
            rare = new Rare();
        }
        return rare;
    }

    void addIdentifier(int type, int ref) {
        addPacked(((long) type << 32) | (ref & 0xffffffffL));
    }

    private void addPacked(long identifier) {
        if (identifierCount == identifiers.length) {
            identifiers = Arrays.copyOf(identifiers, identifierCount * 2);
        }
        identifiers[identifierCount++] = identifier;
    }

    /** The table ref of the i-th identifier. */
    int ref(int i) {
        return (int) identifiers[i];
    }

    /** The type index of the i-th identifier. */
    int type(int i) {
        return (int) (identifiers[i] >>> 32);
    }

    int count(int type) {
        int n = 0;
        for (int i = 0; i < identifierCount; i++) {
            if (type(i) == type) {
                n++;
            }
        }
        return n;
    }

    boolean holds(int type) {
        for (int i = 0; i < identifierCount; i++) {
            if (type(i) == type) {
                return true;
            }
        }
        return false;
    }

    /** Counts an event of the type with this ordinal ({@link io.kith.event.EventType}). */
    void countEvent(int typeOrdinal) {
        switch (typeOrdinal) {
            case 0 -> identifies++;
            case 1 -> tracks++;
            case 2 -> pages++;
            case 3 -> screens++;
            case 4 -> groups++;
            default -> aliases++;
        }
    }

    /** The number of events of the type with this ordinal. */
    long events(int typeOrdinal) {
        return switch (typeOrdinal) {
            case 0 -> identifies;
            case 1 -> tracks;
            case 2 -> pages;
            case 3 -> screens;
            case 4 -> groups;
            default -> aliases;
        };
    }

    void addEvent(EventLists lists, long sequence) {
        eventHead = lists.prepend(eventHead, sequence);
        if (eventTail < 0) {
            eventTail = eventHead;
        }
        eventCount++;
    }

    void addSource(int index) {
        if (index < 64) {
            sources |= 1L << index;
        } else {
            moreSources = withIndex(moreSources, index);
        }
    }

    void addBrand(int index) {
        if (index < 64) {
            brands |= 1L << index;
        } else {
            moreBrands = withIndex(moreBrands, index);
        }
    }

    private static int[] withIndex(int[] set, int index) {
        if (set == null) {
            return new int[] {index};
        }
        int at = Arrays.binarySearch(set, index);
        if (at >= 0) {
            return set;
        }
        int insert = -at - 1;
        int[] out = new int[set.length + 1];
        System.arraycopy(set, 0, out, 0, insert);
        out[insert] = index;
        System.arraycopy(set, insert, out, insert + 1, set.length - insert);
        return out;
    }

    /**
     * One trait said by an event, under the trait policy ({@link Trait#newer}): a higher source priority wins; at equal
     * priority, the later event time, and at equal time the later event (this one).
     */
    void sayTrait(String name, com.fasterxml.jackson.databind.JsonNode value, String sourceId, long epochSecond, int nano, int priority,
                  int maxTraits) {
        int i = traitAt(name);
        if (i >= 0) {
            SaidTrait t = traits[i];
            if (priority != t.priority ? priority > t.priority : !t.isAfter(epochSecond, nano)) {
                t.set(value, sourceId, epochSecond, nano, priority);
            }
            return;
        }
        putTrait(new SaidTrait(name, value, sourceId, epochSecond, nano, priority), maxTraits);
    }

    /**
     * Where a trait of this name is, or -1. A scan while a profile has few traits (most have under a dozen, and a scan
     * of those beats hashing); past {@value #SCANNED_TRAITS} a hash index, so that a profile with many trait names does
     * not make each event cost as many comparisons.
     */
    private int traitAt(String name) {
        if (traitIndex != null) {
            return traitIndex.getInt(name);
        }
        for (int i = 0; i < traitCount; i++) {
            if (traits[i].name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of a trait this profile holds (the one the trait policy kept), or null. */
    com.fasterxml.jackson.databind.JsonNode traitValue(String name) {
        if (traitCount == 0) {
            return null;
        }
        int i = traitAt(name);
        return i < 0 ? null : traits[i].value;
    }

    private static final int SCANNED_TRAITS = 16;
    /** Trait name to its place in {@link #traits}, once a profile has more than {@link #SCANNED_TRAITS} (else null). */
    private it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap<String> traitIndex;

    /** Adds a trait of a new name, unless the profile holds {@code maxTraits} already (then it is not kept). */
    private void putTrait(SaidTrait t, int maxTraits) {
        if (traitCount >= maxTraits) {
            rare().traitsDropped++;
            return;
        }
        if (traits == null) {
            traits = new SaidTrait[4];
        } else if (traitCount == traits.length) {
            traits = Arrays.copyOf(traits, traitCount * 2);
        }
        traits[traitCount] = t;
        if (traitIndex != null) {
            traitIndex.put(t.name, traitCount);
        } else if (traitCount + 1 > SCANNED_TRAITS) {
            traitIndex = new it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap<>(traitCount * 2);
            traitIndex.defaultReturnValue(-1);
            for (int i = 0; i <= traitCount; i++) {
                traitIndex.put(traits[i].name, i);
            }
        }
        traitCount++;
    }

    void refuse(Decision.Refused r) {
        Rare x = rare();
        x.refusalCount++;
        if (x.refusals.size() == MAX_REFUSALS) {
            x.refusals.removeFirst();
        }
        x.refusals.addLast(r);
    }

    /**
     * Takes over everything of {@code other}, which stops existing: its events join the end of this profile's list,
     * traits merge by the trait policy.
     */
    void absorb(ProfileState other, EventLists lists, int maxTraits) {
        for (int i = 0; i < other.identifierCount; i++) {
            addPacked(other.identifiers[i]);
        }
        if (other.eventCount > 0) {
            if (eventCount == 0) {
                eventHead = other.eventHead;
                eventTail = other.eventTail;
            } else {
                lists.link(eventTail, other.eventHead);
                eventTail = other.eventTail;
            }
            eventCount += other.eventCount;
        }
        for (int i = 0; i < other.traitCount; i++) {
            mergeTrait(other.traits[i], maxTraits);
        }
        sources |= other.sources;
        brands |= other.brands;
        if (other.moreSources != null) {
            for (int s : other.moreSources) {
                moreSources = withIndex(moreSources, s);
            }
        }
        if (other.moreBrands != null) {
            for (int b : other.moreBrands) {
                moreBrands = withIndex(moreBrands, b);
            }
        }
        firstSeenMillis = Math.min(firstSeenMillis, other.firstSeenMillis);
        lastSeenMillis = Math.max(lastSeenMillis, other.lastSeenMillis);
        identifies += other.identifies;
        tracks += other.tracks;
        pages += other.pages;
        screens += other.screens;
        groups += other.groups;
        aliases += other.aliases;
        Rare x = rare();
        x.mergedFrom.add(other.createdSequence);
        if (other.rare != null) {
            x.mergedFrom.addAll(other.rare.mergedFrom);
            x.merges.addAll(other.rare.merges);
            for (Decision.Refused r : other.rare.refusals) {
                refuse(r);
            }
            x.refusalCount += other.rare.refusalCount - other.rare.refusals.size();
            x.traitsDropped += other.rare.traitsDropped;
        }
    }

    /**
     * A trait of an absorbed profile: the trait policy, except that at equal priority and time (neither event is later
     * in a way the two profiles can tell) the value from the source whose id sorts first stays, so that the result does
     * not depend on which profile absorbs which.
     */
    private void mergeTrait(SaidTrait theirs, int maxTraits) {
        int i = traitAt(theirs.name);
        {
            if (i >= 0) {
                SaidTrait mine = traits[i];
                boolean takeTheirs;
                if (mine.priority == theirs.priority && mine.epochSecond == theirs.epochSecond && mine.nano == theirs.nano) {
                    takeTheirs = mine.sourceId.compareTo(theirs.sourceId) > 0;
                } else if (mine.priority != theirs.priority) {
                    takeTheirs = theirs.priority > mine.priority;
                } else {
                    takeTheirs = !mine.isAfter(theirs.epochSecond, theirs.nano);
                }
                if (takeTheirs) {
                    traits[i] = theirs;
                }
                return;
            }
        }
        putTrait(theirs, maxTraits);
    }

    /** A trait's current value and who said it when; changed in place when a newer one arrives. */
    static final class SaidTrait {
        final String name;
        com.fasterxml.jackson.databind.JsonNode value;
        String sourceId;
        long epochSecond;
        int nano;
        int priority;

        SaidTrait(String name, com.fasterxml.jackson.databind.JsonNode value, String sourceId, long epochSecond, int nano, int priority) {
            this.name = name;
            set(value, sourceId, epochSecond, nano, priority);
        }

        void set(com.fasterxml.jackson.databind.JsonNode value, String sourceId, long epochSecond, int nano, int priority) {
            this.value = value;
            this.sourceId = sourceId;
            this.epochSecond = epochSecond;
            this.nano = nano;
            this.priority = priority;
        }

        /** Whether this was said after the given time. */
        boolean isAfter(long otherSecond, int otherNano) {
            return epochSecond != otherSecond ? epochSecond > otherSecond : nano > otherNano;
        }

        Trait trait() {
            return new Trait(value, sourceId, java.time.Instant.ofEpochSecond(epochSecond, nano), priority);
        }
    }

    /** Adds the sequences of its events in {@code [from, to)} to {@code out}, in no particular order. */
    void eventsBetween(EventLists lists, long from, long to, it.unimi.dsi.fastutil.longs.LongArrayList out) {
        lists.between(eventHead, eventCount, from, to, out);
    }

    /** The event sequences, oldest first. */
    long[] sortedEvents(EventLists lists) {
        return lists.sorted(eventHead, eventCount);
    }
    /** Writes everything this profile holds for a snapshot ({@link #readFrom} reads it back equal). */
    void writeTo(SnapshotWriter w) throws java.io.IOException {
        w.writeLong(createdSequence);
        w.writeLongs(identifiers, identifierCount);
        w.writeInt(eventHead);
        w.writeInt(eventTail);
        w.writeInt(eventCount);
        w.writeCount(traitCount);
        for (int i = 0; i < traitCount; i++) {
            SaidTrait t = traits[i];
            w.writeSymbol(t.name);
            w.writeJson(t.value);
            w.writeSymbol(t.sourceId);
            w.writeLong(t.epochSecond);
            w.writeInt(t.nano);
            w.writeInt(t.priority);
        }
        w.writeLong(sources);
        w.writeLong(brands);
        w.writeBoolean(moreSources != null);
        if (moreSources != null) {
            w.writeInts(moreSources, moreSources.length);
        }
        w.writeBoolean(moreBrands != null);
        if (moreBrands != null) {
            w.writeInts(moreBrands, moreBrands.length);
        }
        w.writeLong(firstSeenMillis);
        w.writeLong(lastSeenMillis);
        for (int type = 0; type < 6; type++) {
            w.writeLong(events(type));
        }
        w.writeBoolean(giantReported);
        w.writeBoolean(rare != null);
        if (rare != null) {
            w.writeLongs(rare.mergedFrom.elements(), rare.mergedFrom.size());
            w.writeCount(rare.merges.size());
            for (Decision.Merged m : rare.merges) {
                w.writeLong(m.sequence());
                w.writeString(m.absorbed());
                w.writeIdentifier(m.via());
                w.writeIdentifier(m.with());
            }
            w.writeCount(rare.refusals.size());
            for (Decision.Refused r : rare.refusals) {
                w.writeLong(r.sequence());
                w.writeIdentifier(r.identifier());
                w.writeSymbol(r.rule().name());
                w.writeSymbol(r.reason());
            }
            w.writeLong(rare.refusalCount);
            w.writeLong(rare.traitsDropped);
        }
    }

    /** A profile as {@link #writeTo} wrote it. */
    static ProfileState readFrom(SnapshotReader r) throws java.io.IOException {
        ProfileState p = new ProfileState(r.readLong());
        long[] ids = r.readLongs(0);
        p.identifierCount = ids.length;
        p.identifiers = Arrays.copyOf(ids, Math.max(2, ids.length));
        p.eventHead = r.readInt();
        p.eventTail = r.readInt();
        p.eventCount = r.readInt();
        int traits = r.readCount(1);
        p.traits = traits == 0 ? null : new SaidTrait[Math.max(4, traits)];
        for (int i = 0; i < traits; i++) {
            String name = r.readSymbol();
            com.fasterxml.jackson.databind.JsonNode value = r.readJson();
            SaidTrait t = new SaidTrait(name, value, r.readSymbol(), r.readLong(), r.readInt(), r.readInt());
            if (name == null) {
                throw new SnapshotReader.Corrupt("a trait without a name");
            }
            p.putTrait(t, Integer.MAX_VALUE);
        }
        p.sources = r.readLong();
        p.brands = r.readLong();
        p.moreSources = r.readBoolean() ? r.readInts(0) : null;
        p.moreBrands = r.readBoolean() ? r.readInts(0) : null;
        p.firstSeenMillis = r.readLong();
        p.lastSeenMillis = r.readLong();
        p.identifies = r.readLong();
        p.tracks = r.readLong();
        p.pages = r.readLong();
        p.screens = r.readLong();
        p.groups = r.readLong();
        p.aliases = r.readLong();
        p.giantReported = r.readBoolean();
        if (r.readBoolean()) {
            Rare x = p.rare();
            long[] merged = r.readLongs(0);
            x.mergedFrom.addElements(0, merged);
            int merges = r.readCount(4);
            for (int i = 0; i < merges; i++) {
                x.merges.add(new Decision.Merged(r.readLong(), r.readString(), r.readIdentifier(), r.readIdentifier()));
            }
            int refusals = r.readCount(4);
            for (int i = 0; i < refusals; i++) {
                long sequence = r.readLong();
                Identifier id = r.readIdentifier();
                String rule = r.readSymbol();
                RefusalRule parsed;
                try {
                    parsed = RefusalRule.valueOf(rule == null ? "" : rule);
                } catch (IllegalArgumentException e) {
                    throw new SnapshotReader.Corrupt("a refusal under rule \"" + rule + "\"");
                }
                x.refusals.addLast(new Decision.Refused(sequence, id, parsed, r.readSymbol()));
            }
            x.refusalCount = r.readLong();
            x.traitsDropped = r.readLong();
        }
        return p;
    }
}
