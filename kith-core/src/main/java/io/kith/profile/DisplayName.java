package io.kith.profile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The name to show for a profile, from its traits: {@code name}, else {@code full_name}, else the first and last names
 * ({@code first_name}/{@code firstName}, {@code last_name}/{@code lastName}); null when it has none. One rule for the
 * search results, the console and exports.
 */
public final class DisplayName {
    private DisplayName() {
    }

    public static String of(Profile p) {
        String name = text(p, "name");
        if (name == null) {
            name = text(p, "full_name");
        }
        if (name != null) {
            return name;
        }
        String first = either(p, "first_name", "firstName");
        String last = either(p, "last_name", "lastName");
        if (first == null && last == null) {
            return null;
        }
        return first == null ? last : last == null ? first : first + " " + last;
    }

    private static String either(Profile p, String a, String b) {
        String v = text(p, a);
        return v != null ? v : text(p, b);
    }

    private static String text(Profile p, String trait) {
        Trait t = p.traits() == null ? null : p.traits().get(trait);
        if (t == null) {
            return null;
        }
        JsonNode v = t.value();
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue().strip() : null;
    }
}
