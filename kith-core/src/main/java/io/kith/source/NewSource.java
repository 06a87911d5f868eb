package io.kith.source;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A request to register a source; the registry gives it an id and a write key. */
public record NewSource(String name, String brand, SourceKind kind, String defaultRegion) {
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

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
            if (!REGION.matcher(defaultRegion).matches()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT,
                        "source 'defaultRegion' must be a two-letter ISO 3166 code such as \"GB\", was \"" + defaultRegion + "\"");
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
