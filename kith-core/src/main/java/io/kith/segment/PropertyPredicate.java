package io.kith.segment;

import java.util.Objects;

/**
 * A comparison of one value of an event with a literal.
 *
 * @param path a dotted path from the root of the event JSON in Segment's wire shape: {@code properties.total},
 *             {@code context.page.path}; arrays are not indexed. Values compare as in {@link Comparison}.
 */
public record PropertyPredicate(String path, Comparison comparison) {
    public PropertyPredicate {
        Names.requirePath(path, "an event property path");
        Objects.requireNonNull(comparison, "comparison");
    }
}
