package io.kith.profile;

import io.kith.segment.ProfileValue.Namespace;
import java.math.BigDecimal;
import java.util.List;

/**
 * How the numbers of one computed value spread over the profiles (a model's 12-month CLV, its churn risk): counts per
 * bin, read in one aggregate. Values that are not numbers are left out. Thread-safe.
 */
public interface ValueHistograms {
    /**
     * One bin: the profiles whose value is in [{@code from}, {@code to}), and the sum of their values.
     *
     * @param from null for the bin below the first edge
     * @param to   null for the bin from the last edge up
     */
    record Bin(BigDecimal from, BigDecimal to, long profiles, BigDecimal sum) {
    }

    /**
     * The bins that {@code edges} (strictly increasing, at least one) cut the number line into: below the first edge,
     * between each two, from the last up; every bin, empty ones too, in order.
     */
    List<Bin> histogram(Namespace namespace, String name, List<BigDecimal> edges);
}
