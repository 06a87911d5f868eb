package io.kith.identity;

import static io.kith.identity.TestEvents.CRM;
import static io.kith.identity.TestEvents.T0;
import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.Event;
import org.junit.jupiter.api.Test;

/**
 * A numeric loyalty card that reads as a payment card (Luhn-valid, starting with 6) is masked at the door, as every card
 * number is: the masked value keeps only its last four digits, so it must link nobody, or everyone whose card ends alike
 * would become one person.
 */
class MaskedCardIdentifiersTest {
    @Test
    void aCardNumberMaskedAtTheDoorLinksNobody() {
        Event ann = event(CRM, "{\"type\":\"identify\",\"userId\":\"ann\",\"traits\":{\"loyalty_card\":\"6011000990139424\"}}", T0);
        Event ben = event(CRM, "{\"type\":\"identify\",\"userId\":\"ben\",\"traits\":{\"loyalty_card\":\"6011111110059424\"}}", T0);
        assertThat(ann.json().path("traits").path("loyalty_card").asText()).isEqualTo("************9424");

        IdentityGraph graph = new IdentityGraph(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, alert -> { });
        graph.apply(0, ann);
        graph.apply(1, ben);
        String a = graph.lookup(new Identifier("user_id", "ann")).orElseThrow();
        String b = graph.lookup(new Identifier("user_id", "ben")).orElseThrow();
        assertThat(a).as("two people whose cards end alike stay two").isNotEqualTo(b);
        assertThat(graph.lookup(new Identifier("loyalty_card", "************9424"))).isEmpty();
    }

    @Test
    void aLoyaltyCardThatReadsAsNoCardStillLinks() {
        // starts with 8: no payment card does, so it is kept whole and links the two events
        IdentityGraph graph = new IdentityGraph(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, alert -> { });
        graph.apply(0, event(CRM, "{\"type\":\"identify\",\"userId\":\"cat\",\"traits\":{\"loyalty_card\":\"8011000990139421\"}}", T0));
        graph.apply(1, event(CRM, "{\"type\":\"identify\",\"anonymousId\":\"till-7\",\"traits\":{\"loyalty_card\":\"8011000990139421\"}}", T0));
        assertThat(graph.lookup(new Identifier("anonymous_id", "till-7"))).isEqualTo(graph.lookup(new Identifier("user_id", "cat")));
    }
}
