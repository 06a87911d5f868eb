package io.kith.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.segment.ProfileValue.Namespace;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Values Kith computes for a profile, as opposed to traits a source said: computed traits, labels, RFM, model scores
 * and consent states, each a JSON value under a namespace and a name, with the version of the definition that computed
 * it and when. Segments read them ({@code computed orders_90d >= 2}, {@code label lifecycle = "at_risk"}); the single
 * customer view shows them. Each is a projection: a definition's values can be computed again from the events.
 */
public interface ProfileValueStore {
    /**
     * One value of one profile.
     *
     * @param version    the version of the definition that computed it
     * @param computedAt when it was computed (the evaluation time, for values that depend on time)
     */
    record Computed(String profileId, Namespace namespace, String name, JsonNode value, int version, Instant computedAt) {
        public Computed {
            if (namespace == Namespace.TRAIT || namespace == Namespace.PROFILE) {
                throw new IllegalArgumentException(namespace + " values are not computed values");
            }
        }
    }

    /** Sets these values (each replaces the profile's value of the same namespace and name); one transaction. */
    void put(List<Computed> values);

    /** Removes the values of one name for these profiles (the value no longer applies: a label that no longer holds). */
    void remove(Namespace namespace, String name, List<String> profileIds);

    /** Replaces every value of one name (a definition computed again for everyone); one transaction. */
    void replaceAll(Namespace namespace, String name, List<Computed> values);

    /** Every computed value of a profile, by namespace and name. */
    List<Computed> of(String profileId);

    /** Every computed value of each of these profiles (one read for many people: what changed in a batch of events). */
    Map<String, List<Computed>> of(java.util.Collection<String> profileIds);

    /**
     * Replaces, for these profiles, every value of these namespaces with {@code values} (which must belong to them); one
     * transaction, one delete for all of them.
     */
    void replace(java.util.Collection<String> profileIds, java.util.Set<Namespace> namespaces, List<Computed> values);

    /** How many profiles hold each value of one name (a label's distribution), by the value's JSON text. */
    default Map<String, Long> distribution(Namespace namespace, String name) {
        return distribution(namespace, name, java.util.Optional.empty());
    }

    /**
     * As {@link #distribution(Namespace, String)}, counting only the profiles that belong to {@code brand} when one is
     * given: the stored profiles whose {@link Profile#brands()} hold it (an event of the brand touched them). A value
     * whose profile is not stored (merged away, or not yet written behind the graph) counts for no brand.
     */
    Map<String, Long> distribution(Namespace namespace, String name, java.util.Optional<String> brand);

    /**
     * The {@link #distribution(Namespace, String, java.util.Optional) distribution} of every name in a namespace (every
     * label's), by name in {@link #names} order; a name none of the brand's profiles holds is left out. Stores read it
     * in one aggregate.
     */
    default Map<String, Map<String, Long>> distributions(Namespace namespace, java.util.Optional<String> brand) {
        Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
        for (String name : names(namespace)) {
            Map<String, Long> d = distribution(namespace, name, brand);
            if (!d.isEmpty()) {
                out.put(name, d);
            }
        }
        return out;
    }

    /** The names that hold values in a namespace (the labels computed, the models scored), sorted. */
    List<String> names(Namespace namespace);

    /**
     * One cell of the RFM grid: the profiles whose RFM scores are {@code r} and {@code fm} ({@code (f + m + 1) / 2}, as
     * {@link io.kith.rfm.RfmScore#fm}), and the sum of their {@code monetary} values.
     */
    record RfmCell(int r, int fm, long profiles, java.math.BigDecimal revenue) {
        /** The cells of an RFM pass's grid (one brand's, say), in its order. */
        public static List<RfmCell> of(io.kith.rfm.RfmGrid grid) {
            List<RfmCell> cells = new java.util.ArrayList<>();
            for (io.kith.rfm.RfmGrid.Cell c : grid.cells()) {
                cells.add(new RfmCell(c.r(), c.fm(), c.customers(), c.monetary()));
            }
            return cells;
        }
    }

    /**
     * The RFM grid of the values in namespace RFM ({@code r}, {@code f}, {@code m}, {@code monetary}): the cells that hold
     * profiles, R from 5 down, FM up; empty when no RFM values were computed. A profile without all three scores is left out.
     */
    List<RfmCell> rfmCells();
}
