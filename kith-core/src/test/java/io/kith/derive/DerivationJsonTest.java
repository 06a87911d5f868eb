package io.kith.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.rfm.RfmWindow;
import io.kith.segment.Limits;
import io.kith.segment.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Computed traits and RFM settings that could never be computed are refused when read, with the range allowed; and
 * one stored before those rules (so unreadable now) does not keep the others from being read.
 */
class DerivationJsonTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    private static JsonNode json(String text) {
        try {
            return M.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode trait(String name, String duration) {
        return json("{\"name\":\"" + name + "\",\"function\":\"count\",\"filter\":{\"event\":\"Order Completed\"},"
                + "\"window\":{\"type\":\"within\",\"duration\":\"" + duration + "\"}}");
    }

    private static void assertRefused(Runnable read, String message) {
        assertThatThrownBy(read::run).isInstanceOf(KithException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aComputedTraitsWindowIsAtMostTheLimit() {
        assertThat(DerivationJson.computedTrait(trait("orders_100y", "P36500D")).window())
                .isEqualTo(new Window.Within(Limits.MAX_DURATION));
        assertRefused(() -> DerivationJson.computedTrait(trait("orders_forever", "P99999999999D")),
                "$.window: a window must be at most 36500 days (about 100 years), got 99999999999 days");
        assertRefused(() -> DerivationJson.computedTrait(trait("orders_forever", "P36501D")), "at most 36500 days");
    }

    @Test
    void rfmSettingsNameAnEventAndAWindowOfOneTo36500Days() {
        assertThat(DerivationJson.rfm(json("{\"windowDays\":36500}")).windowDays()).isEqualTo(36_500);
        assertThat(DerivationJson.rfm(json("{\"event\":\"Purchase\",\"windowDays\":null}")).event()).isEqualTo("Purchase");
        assertRefused(() -> DerivationJson.rfm(json("{\"event\":\"\"}")), "RFM settings: 'event' must be an event name, not empty");
        assertRefused(() -> DerivationJson.rfm(json("{\"event\":7}")), "'event' must be an event name");
        assertRefused(() -> DerivationJson.rfm(json("{\"windowDays\":999999999}")),
                "RFM settings: 'windowDays' is a whole number of days from 1 to 36500, got 999999999");
        assertRefused(() -> DerivationJson.rfm(json("{\"windowDays\":99999999999}")), "from 1 to 36500, got 99999999999");
        assertRefused(() -> DerivationJson.rfm(json("{\"windowDays\":0}")), "from 1 to 36500, got 0");
        assertRefused(() -> DerivationJson.rfm(json("{\"windowDays\":\"30\"}")), "from 1 to 36500, got \"30\"");
        assertRefused(() -> DerivationJson.rfm(json("{\"windowDays\":30.5}")), "from 1 to 36500, got 30.5");
        assertThatThrownBy(() -> RfmWindow.lastDays(36_501)).isInstanceOf(KithException.class)
                .hasMessage("an RFM window is from 1 to 36500 days; got 36501");
    }

    @Test
    void aStoredDefinitionThatNoLongerReadsIsSkippedAndTheOthersStillWork() {
        FakeDefinitions definitions = new FakeDefinitions();
        definitions.save(Definitions.Kind.COMPUTED_TRAIT, "orders_90d", trait("orders_90d", "P90D"), T);
        definitions.save(Definitions.Kind.COMPUTED_TRAIT, "orders_forever", trait("orders_forever", "P99999999999D"), T);
        definitions.save(Definitions.Kind.RFM, "settings", json("{\"event\":\"\",\"amountPaths\":[\"properties.total\"],"
                + "\"orderIdPath\":\"properties.order_id\",\"windowDays\":999999999}"), T);
        // reading the definitions touches no profile values: no value store needed
        Derivations derivations = new Derivations(definitions, null, Derivations.RfmSource.DEFAULT);
        assertThat(derivations.traits()).extracting(v -> v.definition().name()).containsExactly("orders_90d");
        assertThat(derivations.rfmSettings()).isEqualTo(Derivations.RfmSource.DEFAULT);
    }

    /** Definitions in a list, for {@link Derivations#reload}; only what it reads. */
    private static final class FakeDefinitions implements Definitions {
        private final List<Saved> saved = new ArrayList<>();

        @Override
        public Saved save(Kind kind, String name, JsonNode body, Instant at) {
            Saved s = new Saved(kind, name, 1, body, at);
            saved.add(s);
            return s;
        }

        @Override
        public List<Saved> all(Kind kind) {
            return saved.stream().filter(s -> s.kind() == kind).toList();
        }

        @Override
        public Optional<Saved> latest(Kind kind, String name) {
            return all(kind).stream().filter(s -> s.name().equals(name)).findFirst();
        }

        @Override
        public List<Saved> history(Kind kind, String name, int limit) {
            return latest(kind, name).stream().toList();
        }

        @Override
        public Optional<Saved> version(Kind kind, String name, int version) {
            return latest(kind, name);
        }
    }
}
