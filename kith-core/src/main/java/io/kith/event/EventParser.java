package io.kith.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns one incoming Segment-spec JSON object into an accepted {@link Event} or a {@link Rejection} that names
 * the field, what was expected and the value seen.
 *
 * <p>Rules, as Segment applies them: {@code userId} or {@code anonymousId} is required (alias needs
 * {@code userId} and {@code previousId}); track needs a non-empty {@code event}; group needs {@code groupId};
 * ids may be strings or numbers and are stored as strings; {@code properties}, {@code traits},
 * {@code context} and {@code integrations} must be objects. The event time is corrected for the client's
 * clock: {@code timestamp = receivedAt - (sentAt - originalTimestamp)}, where the original timestamp is
 * {@code originalTimestamp} or else the client's {@code timestamp}.
 *
 * <p>An accepted event's payment card numbers never reach the log: card fields are tokenized (when the parser has a
 * tokenizer), and every other card-like number, in any string, number or member name at any depth, is masked to its
 * last four digits ({@link CardNumbers}), but for the ids and the times Kith reads (see {@code unmasked}).
 *
 * <p>Thread-safe; the input node is modified in place to become the stored event.
 */
public final class EventParser {
    private static final String[] OBJECT_FIELDS = {"properties", "traits", "context", "integrations"};

    private final Supplier<String> messageIds;
    private final io.kith.identity.CardTokenizer cards;
    /** The last receivedAt formatted; racy by design (an immutable pair, any thread's is right for its instant). */
    private Formatted lastReceived;

    public EventParser() {
        this(() -> UUID.randomUUID().toString(), null);
    }

    /** @param cards replaces payment card numbers by tokens before the event goes anywhere; null to skip */
    public EventParser(io.kith.identity.CardTokenizer cards) {
        this(() -> UUID.randomUUID().toString(), cards);
    }

    /** @param messageIds makes a messageId for events that arrive without one */
    public EventParser(Supplier<String> messageIds) {
        this(messageIds, null);
    }

    public EventParser(Supplier<String> messageIds, io.kith.identity.CardTokenizer cards) {
        this.messageIds = messageIds;
        this.cards = cards;
    }

    /**
     * The member names whose values {@link #parse} scrubs as payment card data (none without a tokenizer): a reader
     * that leaves nested members as bytes reads an event holding one into a tree, for the scrubber to change.
     */
    public java.util.function.Predicate<String> cardField() {
        return cards == null ? name -> false : cards::isCardField;
    }

    /**
     * Reads one event.
     *
     * @param node       the event object; becomes the stored JSON when accepted
     * @param pathType   the type given by the endpoint ({@code /v1/track}), or null for batch items, which carry
     *                   their own {@code type}
     * @param source     the source whose write key sent it
     * @param receivedAt when Kith received the request
     * @param where      JSON path of the object for error messages, e.g. "$" or "$.batch[3]"
     */
    public ParseOutcome parse(JsonNode node, EventType pathType, Source source, Instant receivedAt, String where) {
        return parse(node, pathType, source, receivedAt, where, null);
    }

    /**
     * Reads one event as {@link #parse(JsonNode, EventType, Source, Instant, String)} does, and marks in {@code raw}
     * (the bytes {@code node} was read from; may be null) the members it changed besides the ones Kith always writes
     * (card numbers scrubbed from traits, properties or context), so that {@link LogRecordCodec.Writer} writes those
     * from the tree rather than copying their bytes. An event given with its {@code raw} bytes is not searched for card
     * numbers to mask: {@link RawEvent#of} offers none whose bytes may hold one, and its tree may stand in for nested
     * values with empty containers.
     */
    public ParseOutcome parse(JsonNode node, EventType pathType, Source source, Instant receivedAt, String where, RawEvent raw) {
        if (!(node instanceof ObjectNode json)) {
            return reject(ErrorCode.INVALID_EVENT, where, "expected an event object, got " + describe(node));
        }
        Rejection unstorable = JsonValues.firstUnstorable(json, where);
        if (unstorable != null) {
            return new ParseOutcome.Rejected(unstorable);
        }
        EventType type = pathType;
        JsonNode typeNode = json.get("type");
        if (type == null) {
            if (typeNode == null || !typeNode.isTextual()) {
                return reject(ErrorCode.INVALID_EVENT, where + ".type",
                        "required: one of identify, track, page, screen, group, alias; got " + describe(typeNode));
            }
            Optional<EventType> t = EventType.fromWire(typeNode.asText());
            if (t.isEmpty()) {
                return reject(ErrorCode.INVALID_EVENT, where + ".type",
                        "must be one of identify, track, page, screen, group, alias; got " + describe(typeNode));
            }
            type = t.get();
        }
        for (String field : OBJECT_FIELDS) {
            Rejection notObject = notObject(json, field, where);
            if (notObject != null) {
                return new ParseOutcome.Rejected(notObject);
            }
        }
        String userId;
        String anonymousId;
        String messageId;
        try {
            userId = idText(json, "userId", where);
            anonymousId = idText(json, "anonymousId", where);
            messageId = idText(json, "messageId", where);
        } catch (BadField e) {
            return new ParseOutcome.Rejected(e.rejection);
        }
        if (type == EventType.ALIAS) {
            String previousId;
            try {
                previousId = idText(json, "previousId", where);
            } catch (BadField e) {
                return new ParseOutcome.Rejected(e.rejection);
            }
            if (previousId == null) {
                return reject(ErrorCode.INVALID_EVENT, where + ".previousId", "required for alias, got " + describe(json.get("previousId")));
            }
            if (userId == null) {
                return reject(ErrorCode.INVALID_EVENT, where + ".userId", "required for alias, got " + describe(json.get("userId")));
            }
        } else if (userId == null && anonymousId == null) {
            return reject(ErrorCode.INVALID_EVENT, where,
                    "userId or anonymousId is required; got userId " + describe(json.get("userId"))
                            + " and anonymousId " + describe(json.get("anonymousId")));
        }
        switch (type) {
            case TRACK -> {
                JsonNode ev = json.get("event");
                if (ev == null || !ev.isTextual() || ev.asText().isBlank()) {
                    return reject(ErrorCode.INVALID_EVENT, where + ".event", "track needs a non-empty event name, got " + describe(ev));
                }
            }
            case PAGE, SCREEN -> {
                JsonNode n = json.get("name");
                if (n != null && !n.isNull() && !n.isValueNode()) {
                    return reject(ErrorCode.INVALID_EVENT, where + ".name", "must be a string, got " + describe(n));
                }
            }
            case GROUP -> {
                try {
                    if (idText(json, "groupId", where) == null) {
                        return reject(ErrorCode.INVALID_EVENT, where + ".groupId", "required for group, got " + describe(json.get("groupId")));
                    }
                } catch (BadField e) {
                    return new ParseOutcome.Rejected(e.rejection);
                }
            }
            default -> {
                // identify and alias carry no name
            }
        }
        Instant original;
        Instant sentAt;
        try {
            Instant originalField = instant(json, "originalTimestamp", where);
            Instant clientTimestamp = instant(json, "timestamp", where);
            original = originalField != null ? originalField : clientTimestamp;
            sentAt = instant(json, "sentAt", where);
        } catch (BadField e) {
            return new ParseOutcome.Rejected(e.rejection);
        }
        Instant timestamp;
        if (original != null && sentAt != null) {
            // Both are in the window, so the difference (at most 300 years) cannot overflow; the result still may leave it.
            timestamp = receivedAt.minus(Duration.between(original, sentAt));
            if (!Timestamps.inWindow(timestamp)) {
                return reject(ErrorCode.INVALID_EVENT, where + ".sentAt", "the event time corrected for the client's clock"
                        + " (receivedAt - (sentAt - originalTimestamp) = " + timestamp + ") must lie " + Timestamps.window()
                        + "; got sentAt " + describe(json.get("sentAt")) + " and originalTimestamp " + Timestamps.format(original));
            }
        } else if (original != null) {
            timestamp = original;
        } else {
            timestamp = receivedAt;
        }
        if (messageId == null) {
            messageId = messageIds.get();
        }
        // Card fields are tokenized from the numbers as sent, so the tokens are worked out before any masking, and put in
        // after it (a token is hex, and may hold a run of digits that looks like a card).
        io.kith.identity.CardTokenizer.Scrub scrub = cards == null ? null : cards.plan(json);
        if (raw == null) {
            CardNumbers.maskMembers(json, EventParser::unmasked);
        }
        if (scrub != null && scrub.apply() > 0 && raw != null) {
            raw.markChanged("traits");
            raw.markChanged("properties");
            raw.markChanged("context");
        }
        String name = name(json, type);
        putText(json, "type", type.wireName());
        putText(json, "messageId", messageId);
        putOrRemove(json, "userId", userId);
        putOrRemove(json, "anonymousId", anonymousId);
        if (name != null && type == EventType.TRACK) {
            putText(json, "event", name);
        }
        String receivedText = formatReceived(receivedAt);
        String timestampText = timestamp == receivedAt ? receivedText : Timestamps.format(timestamp);
        if (original != null) {
            json.put("originalTimestamp", original == timestamp ? timestampText : Timestamps.format(original));
        }
        json.put("timestamp", timestampText);
        json.put("receivedAt", receivedText);
        json.remove("writeKey");
        json.put("sourceId", source.id());
        json.put("brand", source.brand());
        return new ParseOutcome.Accepted(new Event(messageId, type, source.id(), source.brand(), userId, anonymousId, name,
                timestamp, receivedAt, json));
    }

    /**
     * Whether a top-level member keeps a card-like value unmasked: the ids, which identify a person or an event (masked,
     * two people's numeric ids that end in the same four digits would become one), and the times Kith reads (epoch
     * milliseconds have 13 digits; {@code timestamp} and {@code originalTimestamp} are written back as ISO-8601 text).
     */
    private static boolean unmasked(String member) {
        return switch (member) {
            case "userId", "anonymousId", "previousId", "groupId", "messageId", "timestamp", "originalTimestamp", "sentAt" -> true;
            default -> false;
        };
    }

    /** The event's name, read after masking: a track's {@code event} (checked non-blank), a page's or screen's {@code name}. */
    private static String name(ObjectNode json, EventType type) {
        return switch (type) {
            case TRACK -> json.get("event").asText().trim();
            case PAGE, SCREEN -> {
                JsonNode n = json.get("name");
                yield n == null || n.isNull() ? null : n.asText();
            }
            default -> null;
        };
    }

    /**
     * Checks the members a batch request gives all its events ({@code context}, {@code integrations}, {@code sentAt}, at
     * {@code $}) as an event's own members of those names are checked; null when they pass. A batch with a bad one is
     * refused whole: dropping the value would silently lose what the client meant for every event. (A value inside a
     * shared object that cannot be stored, such as 1e400, is not looked for here: merged into each event, it has each
     * event quarantined with its path.)
     */
    public static Rejection sharedMembers(ObjectNode batch) {
        for (String field : new String[] {"context", "integrations"}) {
            Rejection bad = notObject(batch, field, "$");
            if (bad != null) {
                return bad;
            }
        }
        try {
            instant(batch, "sentAt", "$");
            return null;
        } catch (BadField e) {
            return e.rejection;
        }
    }

    private static Rejection notObject(ObjectNode json, String field, String where) {
        JsonNode v = json.get(field);
        if (v != null && !v.isNull() && !v.isObject()) {
            return new Rejection(ErrorCode.INVALID_EVENT, where + "." + field, "must be an object, got " + describe(v));
        }
        return null;
    }

    /** The events of one request share their receivedAt: format it once. */
    private String formatReceived(Instant receivedAt) {
        Formatted last = lastReceived;
        if (last == null || !last.instant().equals(receivedAt)) {
            last = new Formatted(receivedAt, Timestamps.format(receivedAt));
            lastReceived = last;
        }
        return last.text();
    }

    private record Formatted(Instant instant, String text) {
    }

    private static void putOrRemove(ObjectNode json, String field, String value) {
        if (value == null) {
            json.remove(field);
        } else {
            putText(json, field, value);
        }
    }

    /** Sets a text member, unless it already holds exactly that text (usually: a client's type, ids, event name). */
    private static void putText(ObjectNode json, String field, String value) {
        JsonNode old = json.get(field);
        if (old == null || !old.isTextual() || !old.textValue().equals(value)) {
            json.put(field, value);
        }
    }

    private static String idText(ObjectNode json, String field, String where) throws BadField {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            String s = v.asText().trim();
            return s.isEmpty() ? null : s;
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            // Non-finite numbers were refused before (JsonValues); a finite double or a decimal has a plain form.
            return v.decimalValue().stripTrailingZeros().toPlainString();
        }
        throw new BadField(new Rejection(ErrorCode.INVALID_EVENT, where + "." + field, "must be a string or a number, got " + describe(v)));
    }

    private static Instant instant(ObjectNode json, String field, String where) throws BadField {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Instant t = null;
        if (v.isTextual()) {
            t = Timestamps.parse(v.asText()).orElse(null);
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            t = Instant.ofEpochMilli(v.longValue());
        }
        if (t != null) {
            if (Timestamps.inWindow(t)) {
                return t;
            }
            throw new BadField(new Rejection(ErrorCode.INVALID_EVENT, where + "." + field,
                    "must lie " + Timestamps.window() + ", got " + describe(v)));
        }
        throw new BadField(new Rejection(ErrorCode.INVALID_EVENT, where + "." + field,
                "must be an ISO-8601 timestamp such as \"2026-01-31T12:00:00Z\", got " + describe(v)));
    }

    private static ParseOutcome reject(ErrorCode code, String path, String message) {
        return new ParseOutcome.Rejected(new Rejection(code, path, message));
    }

    /** Says what a JSON value is for an error message: "missing", "null", "an array", or the value itself. */
    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing (field missing)";
        }
        JsonNodeType t = v.getNodeType();
        return switch (t) {
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> {
                String s = v.asText();
                yield s.length() > 80 ? "\"" + s.substring(0, 77) + "...\"" : "\"" + s + "\"";
            }
            case BOOLEAN -> "boolean " + v.asText();
            case NUMBER -> "number " + v.asText();
            default -> t.name().toLowerCase();
        };
    }

    private static final class BadField extends Exception {
        private final Rejection rejection;

        BadField(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }
}
