package io.kith.prediction;

import io.kith.profile.ProfileValueStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The models Kith trains on what it holds, run in the background by the process that writes profiles: daily, and when
 * asked. A run writes its outputs on the profiles (namespace {@code MODEL}, labels over them) and is recorded as a
 * versioned definition ({@link io.kith.derive.Definitions.Kind#MODEL_RUN}). The HTTP API's port.
 */
public interface ModelJobs {
    /** The models a run can be asked for, such as {@code clv} and {@code clusters}. */
    List<String> models();

    /** Queues a run of one model, or of every model when empty; answers the models queued. */
    List<String> request(Optional<String> model);

    /** What the job is doing with one model. */
    Status status(String model);

    /**
     * @param state     {@code idle}, {@code queued} or {@code running} (a run is {@code running} until the labels and
     *                  segments over its outputs are computed again)
     * @param lastError why the last run failed, null when it did not
     * @param lastRunAt when the last run (in this process) finished, null before one
     */
    record Status(String state, String lastError, Instant lastRunAt) {
    }

    /** Why a person's model values are what they are, per model that scored the person (empty when none did). */
    List<Explanation> explain(String profileId);

    /**
     * As {@link #explain(String)}, from the person's stored values the caller has read already: a page that shows the
     * values, the explanations, the household and the recommendations reads them once instead of once per panel (each read
     * was a scan of the values table on DuckDB: four per customer view).
     */
    List<Explanation> explain(List<ProfileValueStore.Computed> stored);

    /** One model's explanation of its values for one person, with the version (the run) and time that computed them. */
    record Explanation(String model, int version, Instant computedAt, String explanation) {
    }

    /** The household the last {@code households} run put the person in; empty when it put them in none. */
    Optional<HouseholdView> household(String profileId);

    /** As {@link #household(String)}, from the person's stored values the caller has read already. */
    Optional<HouseholdView> household(List<ProfileValueStore.Computed> stored);

    /**
     * Profiles that appear to live together (not a merge: they stay distinct people).
     *
     * @param householdId  the household's id, also the person's {@code model household_id} and label {@code household_id}
     * @param confidence   the weakest member's tie, in [0, 1]
     * @param members      every member with its tie (1 − Π(1 − weight) over the evidence it shares), the person included
     * @param evidence     why they were grouped: what they share, never the shared value itself (at most its last four
     *                     characters)
     * @param version      the run ({@code households-<version>}) that grouped them
     * @param modelVersion the grouping's model version, such as {@code households/1/0a1b2c3d}
     */
    record HouseholdView(String householdId, double confidence, List<Member> members, List<Reason> evidence, String explanation,
                         int version, Instant computedAt, String modelVersion) {
    }

    /** A member of a household and how strongly it is tied to the others. */
    record Member(String profileId, double tie) {
    }

    /**
     * One reason for a household: a kind of evidence ({@code payment_token}, {@code address_and_surname}, {@code landline},
     * {@code device}), how it is shown ("…a1b2", or null where nothing of it is shown) and the members that share it.
     */
    record Reason(String kind, double weight, String shown, List<String> profileIds) {
    }

    /**
     * The products recommended to the person by the last {@code recommendations} run: their own when the run scored them,
     * else the run's most popular products; empty before any run.
     */
    Optional<RecommendationList> recommendations(String profileId);

    /** As {@link #recommendations(String)}, from the person's stored values the caller has read already. */
    Optional<RecommendationList> recommendations(List<ProfileValueStore.Computed> stored);

    /**
     * @param basis        {@code item-to-item} (scored for this person) or {@code popular} (the fallback for a person the run
     *                     had no purchase or view of)
     * @param version      the run ({@code recommendations-<version>}) that made the list
     * @param modelVersion the item-to-item model's version, such as {@code item-to-item/1/0a1b2c3d}
     */
    record RecommendationList(String basis, int version, Instant computedAt, String modelVersion, List<Recommended> items) {
    }

    /**
     * A recommended product.
     *
     * @param name  the product's name as the events gave it, null when none did
     * @param score the sum of its similarities to the person's products, or for a popular product the share of customers
     *              who bought it
     * @param why   "bought or viewed with X, Y" or "popular: bought by 12.5% of customers"
     */
    record Recommended(String productId, String name, double score, String why) {
    }
}
