package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.derive.Definitions;
import io.kith.model.run.ModelRun;
import io.kith.testkit.InMemoryDefinitions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When a server's first daily model run is due: after a restart, a day after the last runs, not ten minutes after start;
 * and whether there is one ({@code KITH_MODELS_DAILY}).
 */
class ModelWorkerScheduleTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void aStoreWhoseModelsNeverRanRunsThemSoonAfterStart() {
        assertThat(ModelWorker.firstDaily(new InMemoryDefinitions(), NOW)).isEqualTo(NOW.plus(ModelWorker.FIRST));
    }

    @Test
    void aRestartWaitsForADayAfterTheOldestModelsLastRun() {
        InMemoryDefinitions definitions = new InMemoryDefinitions();
        for (String m : ModelRun.MODELS) {
            ran(definitions, m, NOW.minus(Duration.ofHours(2)));
        }
        ran(definitions, "clv", NOW.minus(Duration.ofHours(20)));
        ran(definitions, "clv", NOW.minus(Duration.ofHours(1))); // the latest run counts, not the first (20 hours ago)
        assertThat(ModelWorker.firstDaily(definitions, NOW)).isEqualTo(NOW.minus(Duration.ofHours(2)).plus(ModelWorker.EVERY));
    }

    @Test
    void runsLongAgoAreDueSoonAfterStartNotAtOnce() {
        InMemoryDefinitions definitions = new InMemoryDefinitions();
        for (String m : ModelRun.MODELS) {
            ran(definitions, m, NOW.minus(Duration.ofDays(3)));
        }
        assertThat(ModelWorker.firstDaily(definitions, NOW)).isEqualTo(NOW.plus(ModelWorker.FIRST));
    }

    @Test
    void aModelWithoutAStoredRunDoesNotBringTheRunForward() {
        // CLV fails on a young store (too few repeat customers) and saves no run: the others' runs still count
        InMemoryDefinitions definitions = new InMemoryDefinitions();
        for (String m : ModelRun.MODELS.subList(1, ModelRun.MODELS.size())) {
            ran(definitions, m, NOW.minus(Duration.ofHours(1)));
        }
        assertThat(ModelRun.MODELS.getFirst()).isEqualTo("clv");
        assertThat(ModelWorker.firstDaily(definitions, NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)).plus(ModelWorker.EVERY));
    }

    @Test
    void theDailyRunIsOnUnlessTurnedOffAndAnyOtherValueIsRefused() {
        assertThat(DailyModels.fromEnvironment(java.util.Map.of())).isTrue();
        assertThat(DailyModels.fromEnvironment(java.util.Map.of("KITH_MODELS_DAILY", ""))).isTrue();
        assertThat(DailyModels.fromEnvironment(java.util.Map.of("KITH_MODELS_DAILY", "on"))).isTrue();
        assertThat(DailyModels.fromEnvironment(java.util.Map.of("KITH_MODELS_DAILY", " off "))).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DailyModels.fromEnvironment(java.util.Map.of("KITH_MODELS_DAILY", "nightly")))
                .isInstanceOf(io.kith.error.KithException.class).hasMessageContaining("KITH_MODELS_DAILY must be on or off, not 'nightly'");
    }

    private static void ran(Definitions definitions, String model, Instant at) {
        definitions.save(Definitions.Kind.MODEL_RUN, model, JsonNodeFactory.instance.objectNode().put("at", at.toString()), at);
    }
}
