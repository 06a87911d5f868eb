package io.kith.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.EventType;
import io.kith.event.ParseOutcome;
import io.kith.source.Source;
import java.time.Instant;

/**
 * Builders for test events in Segment's wire shape: {@code Events.track("Order Completed").userId("u1").at(T0)}.
 * {@link Builder#json()} gives the payload a client would send; {@link Builder#event()} the accepted event.
 */
public final class Events {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private Events() {
    }

    public static Builder identify() {
        return new Builder(EventType.IDENTIFY);
    }

    public static Builder track(String event) {
        return new Builder(EventType.TRACK).set("event", event);
    }

    public static Builder pageView() {
        return new Builder(EventType.PAGE);
    }

    public static Builder screen(String name) {
        return new Builder(EventType.SCREEN).set("name", name);
    }

    public static Builder group(String groupId) {
        return new Builder(EventType.GROUP).set("groupId", groupId);
    }

    public static Builder alias(String previousId, String userId) {
        return new Builder(EventType.ALIAS).set("previousId", previousId).userId(userId);
    }

    /** A mutable builder of one event; every setter returns the builder. */
    public static final class Builder {
        private final ObjectNode json = MAPPER.createObjectNode();
        private Source source = Sources.WEB_SHOP;
        private Instant receivedAt;

        private Builder(EventType type) {
            json.put("type", type.wireName());
        }

        public Builder messageId(String id) {
            return set("messageId", id);
        }

        public Builder userId(String id) {
            return set("userId", id);
        }

        public Builder anonymousId(String id) {
            return set("anonymousId", id);
        }

        public Builder at(Instant timestamp) {
            json.put("timestamp", timestamp.toString());
            return this;
        }

        public Builder sentAt(Instant sentAt) {
            json.put("sentAt", sentAt.toString());
            return this;
        }

        public Builder receivedAt(Instant at) {
            this.receivedAt = at;
            return this;
        }

        public Builder from(Source source) {
            this.source = source;
            return this;
        }

        public Builder set(String field, String value) {
            json.put(field, value);
            return this;
        }

        public Builder property(String key, Object value) {
            return put("properties", key, value);
        }

        public Builder trait(String key, Object value) {
            return put(json.path("type").asText().equals("identify") || json.path("type").asText().equals("group")
                    ? "traits" : "context.traits", key, value);
        }

        public Builder context(String key, Object value) {
            return put("context", key, value);
        }

        /** Adds {@code {id, type}} to {@code context.externalIds}, Segment's convention for extra identifiers. */
        public Builder externalId(String type, String id) {
            ObjectNode ctx = json.withObject("/context");
            var arr = ctx.withArray("externalIds");
            arr.addObject().put("id", id).put("type", type).put("collection", "users").put("encoding", "none");
            return this;
        }

        private Builder put(String objectPath, String key, Object value) {
            ObjectNode target = json.withObject("/" + objectPath.replace('.', '/'));
            target.set(key, MAPPER.valueToTree(value));
            return this;
        }

        /** The payload as a client sends it. */
        public ObjectNode json() {
            return json.deepCopy();
        }

        /** The event as Kith accepts it from {@link #from(Source) its source}; fails when the event is invalid. */
        public Event event() {
            Instant received = receivedAt != null ? receivedAt
                    : json.has("timestamp") ? Instant.parse(json.get("timestamp").asText()) : T0;
            var outcome = new EventParser(() -> "generated-" + System.nanoTime()).parse(json(), null, source, received, "$");
            if (outcome instanceof ParseOutcome.Accepted a) {
                return a.event();
            }
            throw new IllegalStateException("test event is invalid: " + ((ParseOutcome.Rejected) outcome).rejection());
        }
    }
}
