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
    default List<Bin> histogram(Namespace namespace, String name, List<BigDecimal> edges) {
        return histogram(namespace, name, edges, java.util.Optional.empty());
    }

    /**
     * As {@link #histogram(Namespace, String, List)}, over only the profiles that belong to {@code brand} when one is
     * given (the stored profiles whose {@link Profile#brands()} hold it).
     */
    List<Bin> histogram(Namespace namespace, String name, List<BigDecimal> edges, java.util.Optional<String> brand);
}
