package io.kith.access;

import java.util.Collection;
import java.util.Set;

/**
 * The brands of the group whose data a caller sees: every brand (the admin key, an API key without brands), or the
 * brands an API key is limited to. A profile is seen when an event of one of those brands touched it.
 */
public record BrandScope(Set<String> brands) {
    /** Every brand. */
    public static final BrandScope ALL = new BrandScope(Set.of());

    public BrandScope {
        brands = Set.copyOf(brands);
    }

    public boolean allBrands() {
        return brands.isEmpty();
    }

    public boolean sees(String brand) {
        return brands.isEmpty() || brands.contains(brand);
    }

    /** Whether one of {@code touched} (a profile's brands) is seen. */
    public boolean seesAny(Collection<String> touched) {
        if (brands.isEmpty()) {
            return true;
        }
        for (String b : touched) {
            if (brands.contains(b)) {
                return true;
            }
        }
        return false;
    }
}
