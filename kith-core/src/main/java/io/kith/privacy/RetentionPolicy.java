package io.kith.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How long Kith keeps what: rules per source and event kind ("raw web events 13 months, orders 10 years"), and how
 * long the audit log is kept. An event is past retention when one rule that matches it says so: its event time is older
 * than the rule's days. Events no rule matches are kept. Versioned in the store like the other definitions.
 *
 * @param auditDays days the audit log is kept, or empty to keep it
 */
public record RetentionPolicy(List<Rule> rules, Optional<Integer> auditDays) {
    public static final RetentionPolicy NONE = new RetentionPolicy(List.of(), Optional.empty());
    /** The longest retention a rule may give: 100 years. */
    static final int MAX_DAYS = 36_500;

    /**
     * @param source an exact source id, or empty for every source
     * @param type   an event type ({@code page}, {@code track}, ...), or empty for every type
     * @param event  a track event's name ({@code Order Completed}), or empty for every name
     */
    public record Rule(Optional<String> source, Optional<String> type, Optional<String> event, int days) {
        public Rule {
            if (days < 1 || days > MAX_DAYS) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "a retention rule keeps events 1 to " + MAX_DAYS + " days, not " + days);
            }
        }

        /** The time before which a matching event is past retention. */
        public Instant cutoff(Instant now) {
            return now.minus(Duration.ofDays(days));
        }

        public boolean matches(String sourceId, String eventType, String eventName) {
            return source.map(s -> s.equals(sourceId)).orElse(true) && type.map(t -> t.equals(eventType)).orElse(true)
                    && event.map(n -> n.equals(eventName)).orElse(true);
        }
    }

    public RetentionPolicy {
        rules = List.copyOf(rules);
        if (auditDays.isPresent() && (auditDays.get() < 1 || auditDays.get() > MAX_DAYS)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "auditDays must be 1 to " + MAX_DAYS);
        }
    }

    /** Whether an event of this source, type and name, at this time, is past retention at {@code now}. */
    public boolean expired(String sourceId, String eventType, String eventName, Instant timestamp, Instant now) {
        for (Rule r : rules) {
            if (r.matches(sourceId, eventType, eventName) && timestamp.isBefore(r.cutoff(now))) {
                return true;
            }
        }
        return false;
    }

    /** {@code {"rules":[{"source":"src_web","type":"page","days":395}, {"event":"Order Completed","days":3650}], "auditDays":730}} */
    public static RetentionPolicy fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a retention policy is a JSON object with \"rules\" and optionally \"auditDays\"");
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode list = json.path("rules");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.rules must be an array");
        }
        int i = 0;
        for (JsonNode r : list) {
            String where = "$.rules[" + i++ + "]";
            if (!r.path("days").canConvertToInt() || !r.path("days").isIntegralNumber()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, where + ".days must be a whole number of days");
            }
            Optional<String> type = text(r, "type", where).map(t -> t.toLowerCase(Locale.ROOT));
            if (type.isPresent() && !List.of("identify", "track", "page", "screen", "group", "alias").contains(type.get())) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, where + ".type must be identify, track, page, screen, group or alias");
            }
            rules.add(new Rule(text(r, "source", where), type, text(r, "event", where), r.path("days").intValue()));
        }
        JsonNode audit = json.path("auditDays");
        if (!audit.isMissingNode() && !audit.isNull() && !audit.isIntegralNumber()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.auditDays must be a whole number of days");
        }
        return new RetentionPolicy(rules, audit.isIntegralNumber() ? Optional.of(audit.intValue()) : Optional.empty());
    }

    private static Optional<String> text(JsonNode r, String field, String where) {
        JsonNode v = r.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 200) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, where + "." + field + " must be a non-empty string");
        }
        return Optional.of(v.asText());
    }

    public JsonNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var list = o.putArray("rules");
        for (Rule r : rules) {
            ObjectNode j = list.addObject();
            r.source().ifPresent(v -> j.put("source", v));
            r.type().ifPresent(v -> j.put("type", v));
            r.event().ifPresent(v -> j.put("event", v));
            j.put("days", r.days());
        }
        auditDays.ifPresent(d -> o.put("auditDays", d));
        return o;
    }
}
