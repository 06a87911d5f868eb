package io.kith.segment;

import io.kith.event.EventType;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which events a condition looks at: an event matches when its name, type, brand and source fit and every property
 * predicate is true on it (the predicates are joined by "and").
 *
 * @param eventName the exact event name (case-sensitive; Track's {@code event}, Page's and Screen's {@code name}), or
 *                  null for any name
 * @param type      the event type, or null for any type
 * @param where     predicates on the event JSON, all of which must hold
 * @param scope     the brands and sources the event must have come through
 */
public record EventFilter(String eventName, EventType type, List<PropertyPredicate> where, Scope scope) {

    /**
     * The brands and source ids an event must have come through; an empty set allows all. Kept sorted, so that equal
     * scopes print and hash alike.
     */
    public record Scope(Set<String> brands, Set<String> sources) {
        public static final Scope ALL = new Scope(Set.of(), Set.of());

        public Scope {
            brands = sorted(brands, "brand");
            sources = sorted(sources, "source");
        }

        public boolean isAll() {
            return brands.isEmpty() && sources.isEmpty();
        }

        private static Set<String> sorted(Set<String> values, String what) {
            Objects.requireNonNull(values, what + "s");
            TreeSet<String> copy = new TreeSet<>();
            for (String v : values) {
                if (v == null || v.isEmpty()) {
                    throw new IllegalArgumentException("a " + what + " must not be empty");
                }
                copy.add(v);
            }
            return Collections.unmodifiableSortedSet(copy);
        }
    }

    public EventFilter {
        if (eventName != null && eventName.isEmpty()) {
            throw new IllegalArgumentException("an event name must not be empty (leave it out for any event)");
        }
        where = List.copyOf(Objects.requireNonNull(where, "where"));
        Objects.requireNonNull(scope, "scope");
    }

    /** Events of this name, of any type, from anywhere, with no property filter. */
    public static EventFilter named(String eventName) {
        return new EventFilter(Objects.requireNonNull(eventName, "eventName"), null, List.of(), Scope.ALL);
    }

    public EventFilter where(PropertyPredicate predicate) {
        List<PropertyPredicate> more = new java.util.ArrayList<>(where);
        more.add(predicate);
        return new EventFilter(eventName, type, more, scope);
    }
}
