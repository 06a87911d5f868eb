package io.kith.segment;

import static io.kith.segment.People.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.Event;
import io.kith.event.EventType;
import io.kith.event.StoredJson;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored event's JSON is parsed for a segment only when a condition reads one of its properties. */
class EventViewTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void conditionsOnNameTypeAndTimeLeaveTheStoredBytesUnparsed() {
        Instant at = NOW.minus(Duration.ofDays(2));
        Event page = stored("m1", EventType.PAGE, "Pricing", at, "{\"type\":\"page\",\"name\":\"Pricing\",\"properties\":{\"path\":\"/pricing\"}}");
        Event order = stored("m2", EventType.TRACK, "Order Completed", at,
                "{\"type\":\"track\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":19.90}}");
        PersonView person = PersonView.empty().withEvents(List.of(EventView.of(1, page), EventView.of(2, order)));

        assertThat(SegmentEvaluator.matches(c("count(\"Order Completed\", within 7 days) = 1 and count(\"Pricing\") = 1"), person, NOW)).isTrue();
        assertThat(page.storedJson()).as("the page view was not parsed").isNotNull();
        assertThat(order.storedJson()).as("nor the order").isNotNull();

        assertThat(SegmentEvaluator.matches(c("sum(properties.revenue of \"Order Completed\") >= 19.9"), person, NOW)).isTrue();
        assertThat(order.storedJson()).as("the order's revenue was read from its bytes, without a tree").isNotNull();
        assertThat(order.json().path("properties").path("revenue").decimalValue()).as("as the tree reads it").isEqualByComparingTo("19.90");
        assertThat(page.storedJson()).as("the page view, whose name did not match, still was not").isNotNull();
    }

    @Test
    void aLazyViewEqualsTheViewOfTheParsedEvent() {
        Instant at = NOW.minus(Duration.ofDays(1));
        String json = "{\"type\":\"track\",\"event\":\"A\",\"properties\":{\"v\":1}}";
        EventView lazy = EventView.of(7, stored("m", EventType.TRACK, "A", at, json));
        EventView eager = new EventView(7, "A", EventType.TRACK, at, "b", "s", MAPPER.valueToTree(MAPPER.convertValue(read(json), Object.class)));
        assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager);
        assertThat(lazy.json().path("properties").path("v").asInt()).isEqualTo(1);
    }

    private static Object read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Event stored(String id, EventType type, String name, Instant at, String json) {
        return Event.stored(id, type, "s", "b", "u", null, name, at, at, new StoredJson(json.getBytes(StandardCharsets.UTF_8)), MAPPER);
    }

    private static Condition c(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).condition();
    }
}
