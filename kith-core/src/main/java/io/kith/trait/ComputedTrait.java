package io.kith.trait;

import io.kith.segment.EventFilter;
import io.kith.segment.Window;
import java.util.Objects;

/**
 * A declarative aggregation over a person's events, kept on the profile as a value segments can use
 * ({@code computed orders_90d >= 2}): which events ({@link EventFilter}, the segment language's), over which span of
 * time ({@link Window}, relative to the time it is computed), and what to make of them ({@link TraitFunction}).
 * Examples: {@code orders_90d} = count of Order Completed within 90 days; {@code favourite_category} = most frequent
 * {@code properties.category} of Product Viewed.
 *
 * @param name a name as segments spell it ({@code [A-Za-z_][A-Za-z0-9_-]*})
 */
public record ComputedTrait(String name, String description, TraitFunction function, EventFilter filter, Window window) {
    public ComputedTrait {
        if (!io.kith.segment.Names.isName(name)) {
            throw new IllegalArgumentException("a computed trait's name is a letter or '_' followed by letters, digits, '_' or '-', got '" + name + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(window, "window");
    }

    /** Whether its value can change by the passing of time alone (a window measured back from now). */
    public boolean decays() {
        return window instanceof Window.Within || window instanceof Window.Between;
    }
}
