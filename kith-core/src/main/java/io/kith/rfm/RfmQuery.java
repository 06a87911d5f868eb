package io.kith.rfm;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What an RFM analysis covers: the day it is computed as of (explicit, never the clock, so that a run can be
 * repeated), the window of days, and optionally one brand.
 *
 * @param brand only transactions of this brand count (exact match); empty: group-wide, every transaction counts
 */
public record RfmQuery(LocalDate asOf, RfmWindow window, Optional<String> brand) {
    public RfmQuery {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(brand, "brand");
    }

    /** Group-wide, every transaction up to and including {@code asOf}. */
    public static RfmQuery asOf(LocalDate asOf) {
        return new RfmQuery(asOf, RfmWindow.all(), Optional.empty());
    }

    public RfmQuery within(RfmWindow window) {
        return new RfmQuery(asOf, window, brand);
    }

    public RfmQuery forBrand(String brand) {
        return new RfmQuery(asOf, window, Optional.of(brand));
    }
}
