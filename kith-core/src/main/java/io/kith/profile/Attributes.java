package io.kith.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which traits hold each {@link Attribute}: the names sources use for a first name ({@code first_name},
 * {@code givenName}, ...), a full name split when no part is given, a birth date (an ISO instant's date), and an address
 * as an object ({@code address.street}, {@code address.postal_code}, ...), a text, or loose traits. One reading for a
 * profile's merged traits and for the traits of each of its events, so a person's history holds the same values the
 * matcher reads from the latest traits. Stateless.
 */
public final class Attributes {
    private Attributes() {
    }

    /** The attributes present in a profile's merged traits, as given (stripped). */
    public static Map<Attribute, String> ofTraits(Map<String, Trait> traits) {
        return of(name -> {
            Trait t = traits.get(name);
            return t == null ? null : t.value();
        });
    }

    /** The attributes present among traits given by name ({@code trait} answers null for a missing one), as given (stripped). */
    public static Map<Attribute, String> of(Function<String, JsonNode> trait) {
        Map<Attribute, String> out = new EnumMap<>(Attribute.class);
        String first = text(trait, "first_name", "firstName", "given_name", "givenName", "firstname");
        String last = text(trait, "last_name", "lastName", "family_name", "familyName", "surname", "lastname");
        if (first == null && last == null) {
            String name = text(trait, "name", "full_name", "fullName");
            if (name != null) {
                String[] parts = name.strip().split("\\s+");
                first = parts[0];
                last = parts.length > 1 ? parts[parts.length - 1] : null;
            }
        }
        put(out, Attribute.FIRST_NAME, first);
        put(out, Attribute.LAST_NAME, last);
        String birthday = text(trait, "birthday", "birth_date", "birthdate", "date_of_birth", "dateOfBirth", "dob");
        if (birthday != null && birthday.length() > 10 && birthday.charAt(4) == '-') {
            birthday = birthday.substring(0, 10); // an ISO instant: its date
        }
        put(out, Attribute.BIRTHDAY, birthday);
        put(out, Attribute.EMAIL, text(trait, "email", "e_mail"));
        put(out, Attribute.PHONE, text(trait, "phone", "mobile", "phone_number", "phoneNumber"));
        JsonNode address = trait.apply("address");
        boolean object = address != null && address.isObject();
        String street = object ? field(address, "street", "line1", "address1", "address_1", "street_address")
                : address != null && address.isTextual() && !address.asText().isBlank() ? address.asText().strip() : null;
        if (street == null) {
            street = text(trait, "street", "address_1", "address1", "street_address");
        }
        String postcode = object ? field(address, "postal_code", "postalCode", "postcode", "zip", "zip_code") : null;
        if (postcode == null) {
            postcode = text(trait, "postal_code", "postalCode", "postcode", "zip", "zip_code");
        }
        String city = object ? field(address, "city", "town", "locality") : null;
        if (city == null) {
            city = text(trait, "city", "town");
        }
        put(out, Attribute.STREET, street);
        put(out, Attribute.POSTCODE, postcode == null ? null : postcode.replace(" ", ""));
        put(out, Attribute.CITY, city);
        return out;
    }

    private static void put(Map<Attribute, String> out, Attribute attribute, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(attribute, value);
        }
    }

    private static String text(Function<String, JsonNode> trait, String... names) {
        for (String name : names) {
            JsonNode v = trait.apply(name);
            if (v != null && (v.isTextual() || v.isNumber())) {
                String s = v.asText().strip();
                if (!s.isEmpty()) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String field(JsonNode object, String... names) {
        for (String name : names) {
            JsonNode v = object.get(name);
            if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return null;
    }
}
