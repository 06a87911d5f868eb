package io.kith.testkit;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event and quarantine projections in memory, keeping every promise of the {@link EventStore} contract (it runs
 * against this class too): exact de-duplication by (source, messageId), the log's sequences, a plan that says what a
 * write will store, the applied position moved with each batch. For unit tests of what follows the projector.
 * Thread-safe (one lock).
 */
public final class InMemoryEventStore implements EventStore, QuarantineStore {
    private record Key(String sourceId, String messageId) {
    }

    private final TreeMap<Long, StoredEvent> events = new TreeMap<>();
    private final Set<Key> keys = new HashSet<>();
    private final List<QuarantinedEvent> quarantine = new ArrayList<>();
    private long applied;
    private long next;
    /** Plans made and not yet applied, oldest first: each counts those before it as stored (see {@link EventStore#plan}). */
    private final java.util.ArrayDeque<Planned> plans = new java.util.ArrayDeque<>();

    private record Planned(List<StoredEvent> batch, List<StoredEvent> events, Set<Key> keys, long next) {
    }

    @Override
    public synchronized long appliedSequence() {
        return applied;
    }

    @Override
    public synchronized Optional<List<StoredEvent>> plan(List<StoredEvent> batch) {
        Planned last = plans.peekLast();
        if (last != null && EventStore.plansAgain(last.batch(), batch)) {
            plans.clear(); // planned again from there: the later plans were given up
        }
        Planned p = newPlan(batch);
        plans.addLast(p);
        return Optional.of(p.events());
    }

    private Planned newPlan(List<StoredEvent> batch) {
        Set<Key> planned = new HashSet<>();
        plans.forEach(p -> planned.addAll(p.keys()));
        long from = plans.isEmpty() ? next : plans.peekLast().next();
        List<StoredEvent> events = newEvents(batch, planned, from);
        Set<Key> keysOf = new HashSet<>();
        events.forEach(e -> keysOf.add(new Key(e.event().sourceId(), e.event().messageId())));
        return new Planned(batch, events, keysOf, events.isEmpty() ? from : events.get(events.size() - 1).sequence() + 1);
    }

    /**
     * The events of a batch this store does not hold yet (nor earlier in the batch, nor in {@code planned}), each with the
     * sequence it gets from {@code from} on.
     */
    private List<StoredEvent> newEvents(List<StoredEvent> batch, Set<Key> planned, long from) {
        Set<Key> seen = new HashSet<>();
        List<StoredEvent> out = new ArrayList<>(batch.size());
        long n = from;
        for (StoredEvent se : batch) {
            Key k = new Key(se.event().sourceId(), se.event().messageId());
            if (!keys.contains(k) && !planned.contains(k) && seen.add(k)) {
                long seq = Math.max(se.sequence(), n);
                out.add(seq == se.sequence() ? se : new StoredEvent(seq, se.event()));
                n = seq + 1;
            }
        }
        return out;
    }

    @Override
    public synchronized List<StoredEvent> apply(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long toSequence) {
        if (toSequence <= applied) {
            plans.clear(); // a write that fails forgets the plans that counted it as stored
            throw new KithException(ErrorCode.CONFLICT, "batch up to log sequence " + toSequence + " is already applied (the store is at "
                    + applied + ")");
        }
        Planned head = plans.peekFirst();
        List<StoredEvent> stored;
        if (head != null && head.batch() == batch) {
            stored = plans.removeFirst().events();
        } else {
            plans.clear(); // not the oldest plan: the plans outstanding were given up
            stored = newEvents(batch, Set.of(), next);
        }
        for (StoredEvent se : stored) {
            events.put(se.sequence(), se);
            keys.add(new Key(se.event().sourceId(), se.event().messageId()));
            next = se.sequence() + 1;
        }
        quarantine.addAll(quarantined);
        applied = toSequence;
        return stored;
    }

    @Override
    public synchronized Optional<StoredEvent> bySequence(long sequence) {
        return Optional.ofNullable(events.get(sequence));
    }

    @Override
    public synchronized List<StoredEvent> bySequences(long[] sequences) {
        List<StoredEvent> out = new ArrayList<>(sequences.length);
        for (long s : sequences) {
            StoredEvent e = events.get(s);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized List<StoredEvent> scan(long fromSequence, int max) {
        List<StoredEvent> out = new ArrayList<>(Math.min(max, 1_024));
        for (StoredEvent e : events.tailMap(fromSequence, true).values()) {
            if (out.size() == max) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public RangeReader rangeReader() {
        return (from, to, visit) -> {
            List<StoredEvent> range;
            synchronized (this) {
                range = new ArrayList<>(events.subMap(from, true, to, false).values());
            }
            range.forEach(e -> visit.accept(e.sequence(), e.event()));
        };
    }

    @Override
    public synchronized long lastSequence() {
        return events.isEmpty() ? -1 : events.lastKey();
    }

    @Override
    public synchronized long countEvents() {
        return events.size();
    }

    @Override
    public synchronized void restore(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long appliedSequence) {
        plans.clear();
        for (StoredEvent se : batch) {
            if (se.sequence() <= lastSequence()) {
                throw new KithException(ErrorCode.CONFLICT, "restored event sequence " + se.sequence() + " does not follow the stored ones");
            }
            events.put(se.sequence(), se);
            keys.add(new Key(se.event().sourceId(), se.event().messageId()));
            next = se.sequence() + 1;
        }
        quarantine.addAll(quarantined);
        applied = appliedSequence;
    }

    @Override
    public synchronized void clear() {
        plans.clear();
        events.clear();
        keys.clear();
        quarantine.clear();
        applied = 0;
        next = 0;
    }

    /** Newest first; {@code before} is the id of the last item of the previous page (its first place, if given twice). */
    @Override
    public synchronized List<QuarantinedEvent> list(String sourceId, String before, int limit) {
        int start = quarantine.size() - 1;
        if (before != null) {
            int at = -1;
            for (int i = 0; i < quarantine.size(); i++) {
                if (quarantine.get(i).id().equals(before)) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw io.kith.event.QuarantineCursor.unknown(before);
            }
            start = at - 1;
        }
        List<QuarantinedEvent> out = new ArrayList<>();
        for (int i = start; i >= 0 && out.size() < limit; i--) {
            QuarantinedEvent q = quarantine.get(i);
            if (sourceId == null || sourceId.equals(q.sourceId())) {
                out.add(q);
            }
        }
        return out;
    }

    @Override
    public synchronized long count() {
        return quarantine.size();
    }

    /** The events held, by sequence (a copy): for assertions. */
    public synchronized Map<Long, StoredEvent> events() {
        return new TreeMap<>(events);
    }
}
