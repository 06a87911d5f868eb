package io.kith.segment.lang;

import java.util.Set;

/**
 * The names a workspace knows, against which the parser checks a definition, so that "Order Complete" is reported
 * (with "did you mean 'Order Completed'?") instead of silently matching nobody. An empty set means "not known": names
 * of that kind are not checked.
 *
 * @param traitNames top-level trait names; a dotted trait path is checked by its first name
 */
public record Vocabulary(Set<String> eventNames, Set<String> traitNames, Set<String> computedTraits, Set<String> labels,
                         Set<String> models, Set<String> consentPurposes, Set<String> identifierTypes,
                         Set<String> segmentKeys) {
    /** Checks nothing. */
    public static final Vocabulary NONE = new Vocabulary(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
            Set.of());

    public Vocabulary {
        eventNames = Set.copyOf(eventNames);
        traitNames = Set.copyOf(traitNames);
        computedTraits = Set.copyOf(computedTraits);
        labels = Set.copyOf(labels);
        models = Set.copyOf(models);
        consentPurposes = Set.copyOf(consentPurposes);
        identifierTypes = Set.copyOf(identifierTypes);
        segmentKeys = Set.copyOf(segmentKeys);
    }

    public Vocabulary withEventNames(Set<String> v) {
        return new Vocabulary(v, traitNames, computedTraits, labels, models, consentPurposes, identifierTypes, segmentKeys);
    }

    public Vocabulary withTraitNames(Set<String> v) {
        return new Vocabulary(eventNames, v, computedTraits, labels, models, consentPurposes, identifierTypes, segmentKeys);
    }

    public Vocabulary withComputedTraits(Set<String> v) {
        return new Vocabulary(eventNames, traitNames, v, labels, models, consentPurposes, identifierTypes, segmentKeys);
    }

    public Vocabulary withLabels(Set<String> v) {
        return new Vocabulary(eventNames, traitNames, computedTraits, v, models, consentPurposes, identifierTypes, segmentKeys);
    }

    public Vocabulary withModels(Set<String> v) {
        return new Vocabulary(eventNames, traitNames, computedTraits, labels, v, consentPurposes, identifierTypes, segmentKeys);
    }

    public Vocabulary withConsentPurposes(Set<String> v) {
        return new Vocabulary(eventNames, traitNames, computedTraits, labels, models, v, identifierTypes, segmentKeys);
    }

    public Vocabulary withIdentifierTypes(Set<String> v) {
        return new Vocabulary(eventNames, traitNames, computedTraits, labels, models, consentPurposes, v, segmentKeys);
    }

    public Vocabulary withSegmentKeys(Set<String> v) {
        return new Vocabulary(eventNames, traitNames, computedTraits, labels, models, consentPurposes, identifierTypes, v);
    }
}
