package io.kith.model.household;

import io.kith.model.ModelVersion;
import java.util.List;

/**
 * Profiles that appear to live together. A household is not a merge: its profiles stay distinct people.
 *
 * @param householdId 15 digits derived from the lowest member id (stable while that member stays)
 * @param confidence  the weakest member's tie: a member's tie is 1 − Π(1 − weight) over the evidence it shares with
 *                    the others, so one device alone gives 0.6, a device and a landline 0.92
 * @param ties        each member's tie, by profile id
 * @param explanation the evidence in words, such as "2 profiles: same address and surname (12 high street ...)"
 */
public record Household(String householdId, List<String> profileIds, double confidence, java.util.Map<String, Double> ties,
        List<Evidence> evidence, ModelVersion version, String explanation) {
    public Household {
        profileIds = List.copyOf(profileIds);
        ties = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(ties));
        evidence = List.copyOf(evidence);
    }
}
