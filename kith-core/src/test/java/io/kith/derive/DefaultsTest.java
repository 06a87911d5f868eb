package io.kith.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.event.EventType;
import io.kith.label.LabelDefinition;
import io.kith.label.Labeller;
import io.kith.segment.EventView;
import io.kith.segment.PersonView;
import io.kith.trait.ComputedTrait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in definitions: they read back from their JSON form exactly, and label a typical person as documented. */
class DefaultsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void everyDefaultRoundTripsThroughItsJsonForm() {
        for (ComputedTrait t : Defaults.traits()) {
            assertThat(DerivationJson.computedTrait(DerivationJson.toJson(t))).isEqualTo(t);
        }
        for (LabelDefinition l : Defaults.labels()) {
            assertThat(DerivationJson.label(DerivationJson.toJson(l))).isEqualTo(l);
        }
    }

    @Test
    void aCustomerWhoAddedToCartAndComplainedIsLabelledSo() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<EventView> events = List.of(
                new EventView(1, "Product Added", EventType.TRACK, NOW.minus(Duration.ofHours(5)), "acme", "src_web", m.readTree("{}")),
                new EventView(2, "Support Contact", EventType.TRACK, NOW.minus(Duration.ofDays(2)), "acme", "src_cc",
                        m.readTree("{\"properties\":{\"reason\":\"Broken item\"}}")),
                new EventView(3, "Order Completed", EventType.TRACK, NOW.minus(Duration.ofDays(40)), "acme", "src_web",
                        m.readTree("{\"properties\":{\"revenue\":75,\"channel\":\"web\"}}")));
        PersonView person = PersonView.empty().withEvents(events)
                .withTraits(Map.of("birthday", JsonNodeFactory.instance.textNode("1990-05-01")));
        // computed traits first, then labels over them, as Derivations does
        List<io.kith.profile.ProfileValueStore.Computed> values = new java.util.ArrayList<>();
        for (ComputedTrait t : Defaults.traits()) {
            var v = io.kith.trait.TraitComputer.compute(t, events, NOW);
            if (v != null) {
                values.add(new io.kith.profile.ProfileValueStore.Computed("p_1", io.kith.segment.ProfileValue.Namespace.COMPUTED, t.name(), v, 1, NOW));
            }
        }
        PersonView withTraits = io.kith.segment.PersonViews.withValues(person, values);
        Map<String, String> labels = new java.util.TreeMap<>();
        for (LabelDefinition l : Defaults.labels()) {
            var v = Labeller.label(l, withTraits, NOW);
            if (v != null) {
                labels.put(l.name(), v.asText());
            }
        }
        assertThat(labels).containsEntry("age_band", "35-44").containsEntry("life_stage", "established")
                .containsEntry("cart_abandoned_3d", "true").containsEntry("complaints_30d", "true")
                .containsEntry("preferred_channel", "web").containsEntry("price_sensitivity", "premium")
                .doesNotContainKeys("lapsed", "newsletter_unsubscribed", "purchase_frequency_dropped", "support_calls_30d", "gender");
    }
}
