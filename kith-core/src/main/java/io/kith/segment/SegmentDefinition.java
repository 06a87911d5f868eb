package io.kith.segment;

import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.IdentifierPresent;
import io.kith.segment.Condition.InSegment;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.ProfileValueCondition;
import io.kith.segment.Condition.SequenceCondition;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A named segment: who is in it is decided by {@code condition}.
 *
 * @param key         the stable id, a lower-case slug ({@code vip-customers}); other segments refer to it by this key
 * @param name        a display name
 * @param description free text, may be empty
 */
public record SegmentDefinition(String key, String name, String description, Condition condition) {
    public SegmentDefinition {
        Names.requireKey(key);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(condition, "condition");
    }

    /** The keys of the segments this one refers to directly, sorted: the edges of the graph in which cycles are refused. */
    public Set<String> references() {
        return references(condition);
    }

    /** The keys of the segments a condition refers to directly, sorted. */
    public static Set<String> references(Condition condition) {
        TreeSet<String> keys = new TreeSet<>();
        collect(condition, keys);
        return Collections.unmodifiableSet(keys);
    }

    /** The temporal class of the condition, given the classes of the segments it refers to. */
    public TemporalClass temporalClass(Function<String, TemporalClass> referenced) {
        return TemporalClass.of(condition, referenced);
    }

    private static void collect(Condition c, Set<String> keys) {
        switch (c) {
            case And and -> and.conditions().forEach(x -> collect(x, keys));
            case Or or -> or.conditions().forEach(x -> collect(x, keys));
            case Not not -> collect(not.condition(), keys);
            case InSegment in -> keys.add(in.segmentKey());
            case ProfileValueCondition p -> {
            }
            case IdentifierPresent i -> {
            }
            case EventCondition e -> {
            }
            case SequenceCondition s -> {
            }
        }
    }
}
