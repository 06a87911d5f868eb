package io.kith.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One true customer of the demo group, with every identifier the generator may emit for them. Never stored by
 * Kith; it exists to write the files and the ground truth. {@code familyEmail}, when set, is the email of the person
 * they live with, which their CRM record gives instead of their own (a couple registered with the family address).
 */
record Person(
        String id,
        String firstName,
        String lastName,
        String email,
        String familyEmail,
        String phoneDigits,
        String userId,
        String loyaltyCard,
        String crmId,
        List<String> webDevices,
        String appDevice,
        String householdDevice,
        String postcode,
        String street,
        LocalDate birthday,
        Instant activeFrom,
        Instant activeTo,
        boolean churned,
        List<String> brands) {

    boolean registered() {
        return userId != null;
    }

    /** The phone in E.164, as identity resolution normalises it (UK mobile). */
    String phoneE164() {
        return "+44" + phoneDigits.substring(1);
    }
}
