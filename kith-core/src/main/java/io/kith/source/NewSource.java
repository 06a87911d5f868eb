package io.kith.source;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Locale;

/** A request to register a source; the registry gives it an id and a write key. */
public record NewSource(String name, String brand, SourceKind kind, String defaultRegion) {
    public NewSource {
        if (name == null || name.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "source 'name' is required and was " + describe(name));
        }
        if (brand == null || brand.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "source 'brand' is required and was " + describe(brand));
        }
        if (kind == null) {
            kind = SourceKind.OTHER;
        }
        if (defaultRegion != null && !defaultRegion.isBlank()) {
            defaultRegion = defaultRegion.trim().toUpperCase(Locale.ROOT);
            // a region libphonenumber reads numbers of: "ZZ" (its unknown region) or "UK" would leave every national number
            // this source sends a trait and never a phone identifier
            if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(defaultRegion)) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT,
                        "source 'defaultRegion' must be a two-letter ISO 3166 code of a region with phone numbers, such as \"GB\", was \"" + defaultRegion + "\"");
            }
        } else {
            defaultRegion = null;
        }
        name = name.trim();
        brand = brand.trim();
    }

    private static String describe(String s) {
        return s == null ? "missing" : "\"" + s + "\"";
    }
}
