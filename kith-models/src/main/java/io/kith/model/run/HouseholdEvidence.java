package io.kith.model.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.kith.identity.Identifier;
import io.kith.model.household.HouseholdProfile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What household grouping reads of a Kith profile: the surname and postal address from its traits, a landline (the
 * {@code landline} or {@code home_phone} trait, or a phone that libphonenumber reads as a fixed line: a mobile is
 * personal), and its {@code payment_token} and {@code device_id} identifiers, in the identity graph or in its events
 * ({@link #identifiers}). A profile with none of them is left out.
 */
final class HouseholdEvidence {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final List<String> SURNAME = List.of("last_name", "lastName", "surname", "family_name");
    private static final List<String> LANDLINE = List.of("landline", "home_phone", "homePhone");
    /** The parts of Segment's {@code address} trait, in the order they are written on one line. */
    private static final List<String> ADDRESS = List.of("street", "street2", "city", "postalCode", "postal_code", "state", "country");

    private HouseholdEvidence() {
    }

    /**
     * Adds the payment tokens, devices and phones an event carries where the default identity rules read them:
     * {@code traits.}/{@code context.traits.}/{@code properties.payment_token}, {@code context.device.id},
     * {@code traits.phone}, {@code context.traits.phone} and {@code context.externalIds} of those types. Values are
     * compared as written (tokens are Kith's own, devices opaque).
     */
    static void identifiers(JsonNode event, List<Identifier> into) {
        add(into, "payment_token", event.path("traits").path("payment_token"));
        add(into, "payment_token", event.path("context").path("traits").path("payment_token"));
        add(into, "payment_token", event.path("properties").path("payment_token"));
        add(into, "device_id", event.path("context").path("device").path("id"));
        add(into, "phone", event.path("traits").path("phone"));
        add(into, "phone", event.path("context").path("traits").path("phone"));
        for (JsonNode x : event.path("context").path("externalIds")) {
            String type = x.path("type").asText();
            if (type.equals("payment_token") || type.equals("device_id") || type.equals("phone")) {
                add(into, type, x.path("id"));
            }
        }
    }

    private static void add(List<Identifier> into, String type, JsonNode v) {
        if (v.isTextual() && !v.textValue().isBlank() && v.textValue().length() <= 200) {
            Identifier i = new Identifier(type, v.textValue().strip());
            if (!into.contains(i)) {
                into.add(i);
            }
        }
    }

    static Optional<HouseholdProfile> of(String profileId, Map<String, JsonNode> traits, List<Identifier> identifiers, String region) {
        Optional<String> surname = text(traits, SURNAME).or(() -> text(traits, List.of("name")).map(HouseholdEvidence::lastWord));
        Optional<String> address = address(traits.get("address"));
        Optional<String> landline = text(traits, LANDLINE);
        Set<String> tokens = new HashSet<>();
        Set<String> devices = new HashSet<>();
        List<String> phones = new ArrayList<>();
        text(traits, List.of("phone")).ifPresent(phones::add);
        for (Identifier i : identifiers) {
            switch (i.type()) {
                case "payment_token" -> tokens.add(i.value());
                case "device_id" -> devices.add(i.value());
                case "phone" -> phones.add(i.value());
                default -> { }
            }
        }
        if (landline.isEmpty()) {
            landline = phones.stream().filter(p -> fixedLine(p, region)).sorted().findFirst();
        }
        if (address.isEmpty() && landline.isEmpty() && tokens.isEmpty() && devices.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HouseholdProfile(profileId, surname, address, landline, tokens, devices));
    }

    /** Whether libphonenumber reads the number (E.164, or national in the region) as a fixed line only. */
    static boolean fixedLine(String number, String region) {
        try {
            return PHONES.getNumberType(PHONES.parse(number, region)) == PhoneNumberUtil.PhoneNumberType.FIXED_LINE;
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** A one-line address from a text trait, or from the parts of an object trait ({@code street}, {@code city}, ...). */
    private static Optional<String> address(JsonNode v) {
        if (v == null) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return Optional.of(v.textValue()).filter(s -> !s.isBlank() && s.length() <= 500);
        }
        if (!v.isObject()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (String part : ADDRESS) {
            JsonNode p = v.path(part);
            if (p.isTextual() && !p.textValue().isBlank() && p.textValue().length() <= 200) {
                sb.append(sb.isEmpty() ? "" : ", ").append(p.textValue());
            }
        }
        return sb.isEmpty() ? Optional.empty() : Optional.of(sb.toString());
    }

    private static Optional<String> text(Map<String, JsonNode> traits, List<String> names) {
        for (String n : names) {
            JsonNode v = traits.get(n);
            if (v != null && v.isTextual() && !v.textValue().isBlank() && v.textValue().length() <= 200) {
                return Optional.of(v.textValue());
            }
        }
        return Optional.empty();
    }

    private static String lastWord(String name) {
        String[] words = name.strip().split("\\s+");
        return words.length < 2 ? "" : words[words.length - 1];
    }
}
