package io.kith.identity;

import io.kith.event.Event;
import io.kith.event.EventStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The stored events, with gaps between their sequences as a store that de-duplicated has. */
class ListEventStore implements EventStore {
    final NavigableMap<Long, Event> events = new TreeMap<>();

    StoredEvent add(Event e) {
        long seq = events.isEmpty() ? 0 : events.lastKey() + 1 + (events.size() % 3 == 2 ? 1 : 0);
        events.put(seq, e);
        return new StoredEvent(seq, e);
    }

    @Override
    public long appliedSequence() {
        return lastSequence() + 1;
    }

    @Override
    public List<StoredEvent> apply(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long toSequence) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredEvent> bySequence(long sequence) {
        return Optional.ofNullable(events.get(sequence)).map(e -> new StoredEvent(sequence, e));
    }

    @Override
    public List<StoredEvent> bySequences(long[] sequences) {
        List<StoredEvent> out = new ArrayList<>();
        for (long s : sequences) {
            bySequence(s).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public List<StoredEvent> scan(long fromSequence, int max) {
        List<StoredEvent> out = new ArrayList<>();
        for (Map.Entry<Long, Event> e : events.tailMap(fromSequence, true).entrySet()) {
            if (out.size() == max) {
                break;
            }
            out.add(new StoredEvent(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public RangeReader rangeReader() {
        return (from, to, visit) -> events.subMap(from, true, to, false).forEach(visit::accept);
    }

    @Override
    public long lastSequence() {
        return events.isEmpty() ? -1 : events.lastKey();
    }

    @Override
    public long countEvents() {
        return events.size();
    }

    @Override
    public void restore(List<StoredEvent> batch, List<QuarantinedEvent> quarantined, long appliedSequence) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        events.clear();
    }
}
