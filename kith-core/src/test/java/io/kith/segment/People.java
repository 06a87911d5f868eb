package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.EventType;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fixtures for segment tests: people, events and JSON values written briefly. */
final class People {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private People() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** Builds a list of events with increasing sequence numbers. */
    static final class Events {
        private final List<EventView> events = new ArrayList<>();

        Events track(String name, Instant at) {
            return add(name, EventType.TRACK, at, "acme", "web", "{}");
        }

        Events track(String name, Instant at, String propertiesJson) {
            return add(name, EventType.TRACK, at, "acme", "web", propertiesJson);
        }

        Events add(String name, EventType type, Instant at, String brand, String source, String propertiesJson) {
            ObjectNode json = JSON.createObjectNode();
            json.put("type", type.wireName());
            if (name != null) {
                json.put(type == EventType.TRACK ? "event" : "name", name);
            }
            json.set("properties", json(propertiesJson));
            json.put("timestamp", at.toString());
            events.add(new EventView(events.size() + 1, name, type, at, brand, source, json));
            return this;
        }

        List<EventView> list() {
            return List.copyOf(events);
        }

        PersonView person() {
            return PersonView.empty().withEvents(list());
        }
    }

    static Events events() {
        return new Events();
    }

    static PersonView withTraits(String json) {
        Map<String, JsonNode> traits = new HashMap<>();
        json(json).fields().forEachRemaining(e -> traits.put(e.getKey(), e.getValue()));
        return PersonView.empty().withTraits(traits);
    }
}
