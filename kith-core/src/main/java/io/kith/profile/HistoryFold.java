package io.kith.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds events, one by one, into the {@link AttributeHistory} of their profiles: each event's traits read as
 * {@link Attributes}, each value counted under (profile, attribute, normalised value, source). A store reads the events
 * and gives them here, so the reading and the grouping are written once whatever the engine. Not thread-safe.
 */
public final class HistoryFold {
    private record Key(String profileId, Attribute attribute, String normalised, String sourceId) {
    }

    private static final class Tally {
        String value;
        Instant valueAt;
        Instant first;
        Instant last;
        long events;
    }

    private final Map<Key, Tally> tallies = new LinkedHashMap<>();

    /** Adds one event of a profile: its traits, the source that sent it and its event time. */
    public void add(String profileId, ObjectNode traits, String sourceId, Instant at) {
        if (traits.isEmpty()) {
            return;
        }
        Attributes.of(traits::get).forEach((attribute, value) -> {
            String normalised = attribute.normalise(value);
            if (normalised == null) {
                return;
            }
            Tally t = tallies.computeIfAbsent(new Key(profileId, attribute, normalised, sourceId), k -> new Tally());
            if (t.valueAt == null || !at.isBefore(t.valueAt)) {
                t.value = value;
                t.valueAt = at;
            }
            t.first = t.first == null || at.isBefore(t.first) ? at : t.first;
            t.last = t.last == null || at.isAfter(t.last) ? at : t.last;
            t.events++;
        });
    }

    /** What was added, by profile id in id order, each profile's values as {@link AttributeHistory#of} orders them. */
    public Map<String, List<AttributeHistory.Seen>> histories() {
        Map<String, List<AttributeHistory.Seen>> out = new java.util.TreeMap<>();
        tallies.forEach((k, t) -> out.computeIfAbsent(k.profileId(), x -> new ArrayList<>())
                .add(new AttributeHistory.Seen(k.attribute(), t.value, k.normalised(), k.sourceId(), t.first, t.last, t.events)));
        out.replaceAll((id, seen) -> {
            seen.sort(ORDER);
            return List.copyOf(seen);
        });
        return out;
    }

    /** By attribute, the most recently given first, then by value and source: a total order, so reads are repeatable. */
    static final Comparator<AttributeHistory.Seen> ORDER = Comparator.comparing(AttributeHistory.Seen::attribute)
            .thenComparing(AttributeHistory.Seen::last, Comparator.reverseOrder())
            .thenComparing(AttributeHistory.Seen::normalised)
            .thenComparing(AttributeHistory.Seen::sourceId);
}
