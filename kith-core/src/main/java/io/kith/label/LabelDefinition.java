package io.kith.label;

import java.util.Objects;

/**
 * A customer label: a name segments and staff read ({@code label age_band = "25-34"}, {@code label cart_abandoned_3d
 * exists}), its family, and the rule that decides it.
 */
public record LabelDefinition(String name, LabelFamily family, String description, LabelRule rule) {
    public LabelDefinition {
        if (!io.kith.segment.Names.isName(name)) {
            throw new IllegalArgumentException("a label's name is a letter or '_' followed by letters, digits, '_' or '-', got '" + name + "'");
        }
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(rule, "rule");
    }
}
