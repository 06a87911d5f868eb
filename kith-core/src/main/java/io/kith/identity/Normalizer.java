package io.kith.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;

/**
 * Brings identifier values to one spelling before matching: emails trimmed and lower-cased, phones in E.164
 * (read with Google's libphonenumber, using the source's default region for numbers written without a country
 * code), everything else trimmed. Thread-safe.
 */
public final class Normalizer {
    /** A normalised value, or why there is none. */
    public sealed interface Result {
        record Value(String value) implements Result {
        }

        record Invalid(String reason) implements Result {
        }
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Normalizer INSTANCE = new Normalizer();

    /**
     * The identifier a value of a type normalises to under the rules (the type's configured normalisation, read with a
     * source's default region), or empty when the value or the type name is invalid.
     */
    public static java.util.Optional<Identifier> normalized(IdentityRules rules, String type, String value, String region) {
        if (!Identifier.isTypeName(type)) {
            return java.util.Optional.empty();
        }
        return switch (INSTANCE.normalize(rules.type(type).normalization(), value, region)) {
            case Result.Value v -> java.util.Optional.of(new Identifier(type, v.value()));
            case Result.Invalid i -> java.util.Optional.empty();
        };
    }

    /** A value normalised as its type's configuration says. */
    public Result normalize(IdentifierType.Normalization how, String raw, String region) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            return new Result.Invalid("empty value");
        }
        return switch (how) {
            case EMAIL -> email(v);
            case PHONE -> phone(v, region);
            case LOWER_CASE -> new Result.Value(v.toLowerCase(Locale.ROOT));
            case TRIM -> new Result.Value(v);
        };
    }

    private static Result email(String v) {
        String e = v.toLowerCase(Locale.ROOT);
        if (e.startsWith("mailto:")) {
            e = e.substring(7);
        }
        return new Result.Value(e);
    }

    private static Result phone(String v, String region) {
        String r = region == null || region.isBlank() ? "ZZ" : region;
        String text = v.startsWith("00") ? "+" + v.substring(2).replaceFirst("^[\\s-]+", "") : v;
        try {
            Phonenumber.PhoneNumber n = PHONES.parse(text, r);
            if (!PHONES.isPossibleNumber(n)) {
                return new Result.Invalid("\"" + v + "\" is not a possible phone number" + (r.equals("ZZ") ? " (no default region to read it with)" : " in " + r));
            }
            return new Result.Value(PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return new Result.Invalid("\"" + v + "\" is not a phone number: " + e.getMessage());
        }
    }
}
