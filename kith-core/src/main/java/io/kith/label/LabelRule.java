package io.kith.label;

import io.kith.segment.Condition;
import io.kith.segment.ProfileValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** How a label's value is decided for a person. A person for whom the rule gives no value does not carry the label. */
public sealed interface LabelRule {
    /** A tag: the label is present (value {@code "true"}) exactly when the segment condition holds. */
    record When(Condition condition) implements LabelRule {
        public When {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /**
     * Bands over a number: the label is the band the value falls in. With {@code ageOfDate} the value is a date (a
     * birthday) and the number is the person's age in whole years at the time of computing.
     */
    record Bands(ProfileValue source, boolean ageOfDate, List<Band> bands) implements LabelRule {
        public Bands {
            Objects.requireNonNull(source, "source");
            bands = List.copyOf(bands);
            if (bands.isEmpty()) {
                throw new IllegalArgumentException("bands need at least one band");
            }
        }
    }

    /**
     * One band: from (included, null for no lower end) to (excluded, null for no upper end).
     *
     * @param label the label's value for a number in the band, e.g. {@code "25-34"}
     */
    record Band(String label, BigDecimal from, BigDecimal to) {
        public Band {
            Objects.requireNonNull(label, "label");
            if (from != null && to != null && from.compareTo(to) >= 0) {
                throw new IllegalArgumentException("band " + label + " needs from < to");
            }
        }

        boolean contains(BigDecimal n) {
            return (from == null || n.compareTo(from) >= 0) && (to == null || n.compareTo(to) < 0);
        }
    }

    /** The label is a value of the profile as text (a computed trait such as the most frequent category, a trait). */
    record Copy(ProfileValue source) implements LabelRule {
        public Copy {
            Objects.requireNonNull(source, "source");
        }
    }
}
