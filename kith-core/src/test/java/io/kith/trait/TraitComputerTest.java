package io.kith.trait;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.EventType;
import io.kith.segment.EventFilter;
import io.kith.segment.EventView;
import io.kith.segment.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraitComputerTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final List<EventView> events = new ArrayList<>();

    private void event(String name, int daysAgo, String properties) throws Exception {
        JsonNode json = M.readTree("{\"event\":\"" + name + "\",\"brand\":\"acme\",\"properties\":" + properties + "}");
        events.add(new EventView(events.size(), name, EventType.TRACK, NOW.minus(Duration.ofDays(daysAgo)), "acme", "src_web", json));
    }

    private JsonNode compute(TraitFunction f, String name, Window w) {
        return TraitComputer.compute(new ComputedTrait("t", "", f, EventFilter.named(name), w), events, NOW);
    }

    @Test
    void eachFunctionOverTheMatchingEventsInTheWindow() throws Exception {
        event("Order Completed", 100, "{\"revenue\":10,\"category\":\"Shoes\"}");
        event("Order Completed", 20, "{\"revenue\":20.50,\"category\":\"Home\"}");
        event("Order Completed", 5, "{\"revenue\":\"12\",\"category\":\"Home\"}");
        event("Order Completed", 1, "{\"revenue\":30,\"category\":\"Shoes\"}");
        event("Product Viewed", 1, "{\"category\":\"Toys\"}");
        Window ever = new Window.Ever();
        Window d90 = new Window.Within(Duration.ofDays(90));
        assertThat(compute(new TraitFunction.Count(), "Order Completed", d90).asInt()).isEqualTo(3);
        assertThat(compute(new TraitFunction.Count(), "Nothing", d90).asInt()).as("a count with nothing is 0, not missing").isZero();
        assertThat(compute(new TraitFunction.Sum("properties.revenue"), "Order Completed", ever).decimalValue()).isEqualByComparingTo("60.5");
        assertThat(compute(new TraitFunction.Avg("properties.revenue"), "Order Completed", ever).decimalValue())
                .as("the string \"12\" is not a number").isEqualByComparingTo("20.1666666667");
        assertThat(compute(new TraitFunction.Min("properties.revenue"), "Order Completed", d90).decimalValue()).isEqualByComparingTo("20.5");
        assertThat(compute(new TraitFunction.Max("properties.revenue"), "Order Completed", ever).decimalValue()).isEqualByComparingTo("30");
        assertThat(compute(new TraitFunction.First("properties.category"), "Order Completed", ever).asText()).isEqualTo("Shoes");
        assertThat(compute(new TraitFunction.Last("properties.revenue"), "Order Completed", ever).asInt()).isEqualTo(30);
        assertThat(compute(new TraitFunction.MostFrequent("properties.category"), "Order Completed", ever).asText())
                .as("a tie goes to the value that sorts first").isEqualTo("Home");
        assertThat(compute(new TraitFunction.DistinctList("properties.category", 10), "Order Completed", ever).toString())
                .isEqualTo("[\"Home\",\"Shoes\"]");
        assertThat(compute(new TraitFunction.DistinctList("properties.category", 1), "Order Completed", ever).toString()).isEqualTo("[\"Home\"]");
        assertThat(compute(new TraitFunction.Sum("properties.revenue"), "Nothing", ever)).as("a sum of nothing is missing").isNull();
    }

    @Test
    void eventsAfterNowNeverCount() throws Exception {
        events.add(new EventView(0, "Order Completed", EventType.TRACK, NOW.plusSeconds(1), "acme", "src_web", M.readTree("{}")));
        assertThat(compute(new TraitFunction.Count(), "Order Completed", new Window.Ever()).asInt()).isZero();
    }
}
