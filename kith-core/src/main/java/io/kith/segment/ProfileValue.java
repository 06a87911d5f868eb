package io.kith.segment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One value of a person's profile that a condition can compare: a namespace and a name within it.
 *
 * @param name in {@link Namespace#TRAIT} a dotted path into the merged traits ({@code address.city}: arrays are not
 *             indexed); in {@link Namespace#RFM} and {@link Namespace#PROFILE} one of the namespace's fixed names (in
 *             RFM, {@code <name>@<brand>} for the person's RFM among one brand's customers: {@code segment@northwind});
 *             elsewhere a plain name
 */
public record ProfileValue(Namespace namespace, String name) {

    /** Where a value comes from. The lower-case form of each constant is its spelling in the text and JSON forms. */
    public enum Namespace {
        /** The merged profile traits (JSON values). */
        TRAIT(null),
        /** Computed traits (JSON values). */
        COMPUTED(null),
        /** Labels: a string value per label name, e.g. {@code lifecycle = "at_risk"}. */
        LABEL(null),
        /**
         * The person's RFM analysis: {@code segment} (a string such as "Champions"), the scores {@code r}, {@code f},
         * {@code m} (1 to 5), and the raw {@code recency_days}, {@code frequency}, {@code monetary} (numbers).
         */
        RFM(List.of("segment", "r", "f", "m", "recency_days", "frequency", "monetary")),
        /** Model scores (numbers), e.g. {@code churn}; missing when no model has scored the person. */
        MODEL(null),
        /** Consent state per purpose, a string such as "granted" or "denied". */
        CONSENT(null),
        /**
         * Built-in profile values: {@code brands} and {@code sources} (the brands and source ids the person's events
         * came through: lists of strings), {@code first_seen} and {@code last_seen} (instants), {@code event_count}.
         */
        PROFILE(List.of("brands", "sources", "first_seen", "last_seen", "event_count"));

        private final List<String> fixedNames;

        Namespace(List<String> fixedNames) {
            this.fixedNames = fixedNames;
        }

        /** The only names this namespace has, or empty when any name is allowed. */
        public Optional<List<String>> fixedNames() {
            return Optional.ofNullable(fixedNames);
        }

        /** The spelling in the text and JSON forms: {@code trait}, {@code rfm}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Namespace> fromWord(String word) {
            for (Namespace n : values()) {
                if (n.word().equals(word)) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }
    }

    public ProfileValue {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace == Namespace.TRAIT) {
            Names.requirePath(name, "a trait path");
        } else if (namespace == Namespace.RFM && name.indexOf('@') > 0) {
            String brand = name.substring(name.indexOf('@') + 1);
            if (brand.isEmpty() || brand.length() > 100 || brand.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a brand's RFM value names the brand: 1 to 100 characters, no control characters");
            }
            Names.requireName(name.substring(0, name.indexOf('@')), "an RFM value name");
        } else {
            Names.requireName(name, "a " + namespace.word() + " name");
        }
        String field = namespace == Namespace.RFM && name.indexOf('@') > 0 ? name.substring(0, name.indexOf('@')) : name;
        if (namespace.fixedNames != null && !namespace.fixedNames.contains(field)) {
            throw new IllegalArgumentException("'" + name + "' is not a " + namespace.word() + " value; it is one of "
                    + String.join(", ", namespace.fixedNames));
        }
    }

    /** The type of the value, which decides the comparisons a condition may make on it. */
    public ValueType type() {
        return switch (namespace) {
            case TRAIT, COMPUTED -> ValueType.ANY;
            case LABEL, CONSENT -> ValueType.STRING;
            case MODEL -> ValueType.NUMBER;
            case RFM -> field().equals("segment") ? ValueType.STRING : ValueType.NUMBER;
            case PROFILE -> switch (name) {
                case "brands", "sources" -> ValueType.STRING_LIST;
                case "first_seen", "last_seen" -> ValueType.DATE;
                default -> ValueType.NUMBER;
            };
        };
    }

    /** The name without a brand: {@code segment} of {@code segment@northwind}. */
    public String field() {
        int at = namespace == Namespace.RFM ? name.indexOf('@') : -1;
        return at > 0 ? name.substring(0, at) : name;
    }

    /** The brand an RFM value is scored within ({@code northwind} of {@code segment@northwind}); empty for the whole group. */
    public Optional<String> brand() {
        int at = namespace == Namespace.RFM ? name.indexOf('@') : -1;
        return at > 0 ? Optional.of(name.substring(at + 1)) : Optional.empty();
    }

    /** The RFM value {@code field} of the person among {@code brand}'s customers. */
    public static ProfileValue rfmOfBrand(String field, String brand) {
        return new ProfileValue(Namespace.RFM, field + "@" + brand);
    }

    @Override
    public String toString() {
        return namespace.word() + " " + name;
    }
}
