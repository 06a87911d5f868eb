package io.kith.model.household;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What household grouping reads of a profile. Every attribute is optional; values are normalised by the grouping.
 *
 * @param address       the postal address as one line, postcode included
 * @param landline      a fixed-line phone number (a mobile is personal and says nothing of a household)
 * @param paymentTokens tokens of the payment instruments used (never card numbers)
 * @param devices       device ids (advertising ids, hashed device fingerprints)
 */
public record HouseholdProfile(String profileId, Optional<String> surname, Optional<String> address, Optional<String> landline,
        Set<String> paymentTokens, Set<String> devices) {
    public HouseholdProfile {
        if (profileId == null || profileId.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a household profile needs a profile id");
        }
        Objects.requireNonNull(surname, "surname");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(landline, "landline");
        paymentTokens = Set.copyOf(paymentTokens);
        devices = Set.copyOf(devices);
    }

    /** A profile with a surname and an address only. */
    public static HouseholdProfile at(String profileId, String surname, String address) {
        return new HouseholdProfile(profileId, Optional.of(surname), Optional.of(address), Optional.empty(), Set.of(), Set.of());
    }

    public HouseholdProfile withLandline(String number) {
        return new HouseholdProfile(profileId, surname, address, Optional.of(number), paymentTokens, devices);
    }

    public HouseholdProfile withPaymentToken(String token) {
        return new HouseholdProfile(profileId, surname, address, landline, plus(paymentTokens, token), devices);
    }

    public HouseholdProfile withDevice(String device) {
        return new HouseholdProfile(profileId, surname, address, landline, paymentTokens, plus(devices, device));
    }

    private static Set<String> plus(Set<String> s, String v) {
        java.util.Set<String> out = new java.util.HashSet<>(s);
        out.add(v);
        return out;
    }
}
