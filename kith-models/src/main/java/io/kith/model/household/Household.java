package io.kith.model.household;

import io.kith.model.ModelVersion;
import java.util.List;

/**
 * Profiles that appear to live together. A household is not a merge: its profiles stay distinct people.
 *
 * @param householdId a stable id derived from the sorted member ids
 * @param confidence  the weakest member's tie: a member's tie is 1 − Π(1 − weight) over the evidence it shares with
 *                    the others, so one device alone gives 0.6, a device and a landline 0.92
 * @param explanation the evidence in words, such as "2 profiles: same address and surname (12 high street ...)"
 */
public record Household(String householdId, List<String> profileIds, double confidence, List<Evidence> evidence, ModelVersion version,
        String explanation) {
}
