package io.kith.prediction;

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

    /** One model's explanation of its values for one person, with the version (the run) and time that computed them. */
    record Explanation(String model, int version, Instant computedAt, String explanation) {
    }
}
