package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventParserTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Source WEB = new Source("src_web", "Web", "acme", SourceKind.WEB, "GB", "wk");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:10Z");
    private final EventParser parser = new EventParser(() -> "gen-1");

    private ParseOutcome parse(String json, EventType pathType) throws Exception {
        return parser.parse(M.readTree(json), pathType, WEB, RECEIVED, "$");
    }

    @Test
    void correctsClientClockSkew() throws Exception {
        // the client's clock is 1 hour fast: it says it sent at 13:00:05 an event that happened at 13:00:00
        var out = parse("""
                {"type":"track","event":"Order Completed","userId":"u1",
                 "timestamp":"2026-03-01T13:00:00Z","sentAt":"2026-03-01T13:00:05Z"}""", null);
        Event e = ((ParseOutcome.Accepted) out).event();
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-01T12:00:05Z"));
        assertThat(e.json().get("originalTimestamp").asText()).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(e.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void keepsOriginalTimestampWithoutSentAt() throws Exception {
        Event e = ((ParseOutcome.Accepted) parse("""
                {"type":"identify","userId":42,"timestamp":"2025-12-24 09:30:00"}""", null)).event();
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-12-24T09:30:00Z"));
        assertThat(e.userId()).isEqualTo("42");
        assertThat(e.messageId()).isEqualTo("gen-1");
        assertThat(e.sourceId()).isEqualTo("src_web");
        assertThat(e.brand()).isEqualTo("acme");
    }

    @Test
    void rejectsMissingIdsWithBothValuesSeen() throws Exception {
        var out = (ParseOutcome.Rejected) parse("{\"event\":\"x\"}", EventType.TRACK);
        assertThat(out.rejection().path()).isEqualTo("$");
        assertThat(out.rejection().message()).contains("userId or anonymousId is required");
    }

    @Test
    void rejectsTrackWithoutEventName() throws Exception {
        var out = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"  \"}", null);
        assertThat(out.rejection().path()).isEqualTo("$.event");
        assertThat(out.rejection().message()).contains("\"  \"");
    }

    @Test
    void rejectsWrongTypesNamingTheField() throws Exception {
        var out = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"e\",\"userId\":{\"a\":1}}", null);
        assertThat(out.rejection().path()).isEqualTo("$.userId");
        assertThat(out.rejection().message()).contains("an object");
        var props = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"properties\":[1]}", null);
        assertThat(props.rejection().path()).isEqualTo("$.properties");
        var ts = (ParseOutcome.Rejected) parse("{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":\"yesterday\"}", null);
        assertThat(ts.rejection().path()).isEqualTo("$.timestamp");
        assertThat(ts.rejection().message()).contains("\"yesterday\"");
    }

    @Test
    void aliasNeedsPreviousIdAndUserId() throws Exception {
        assertThat(parse("{\"type\":\"alias\",\"userId\":\"u\"}", null)).isInstanceOf(ParseOutcome.Rejected.class);
        assertThat(parse("{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"a\"}", null)).isInstanceOf(ParseOutcome.Accepted.class);
    }

    @Test
    void codecRoundTripsAcceptedAndQuarantined() throws Exception {
        var codec = new LogRecordCodec(M);
        Event e = ((ParseOutcome.Accepted) parse("{\"type\":\"track\",\"event\":\"e\",\"anonymousId\":\"a1\",\"properties\":{\"x\":1}}", null)).event();
        var back = (LogRecord.Accepted) codec.decode(codec.encode(new LogRecord.Accepted(e)));
        assertThat(back.event()).isEqualTo(e);
        var q = new QuarantinedEvent("q1", "src_web", RECEIVED, new Rejection(io.kith.error.ErrorCode.INVALID_EVENT, "$.event", "bad"), "{\"a\":1}");
        assertThat(((LogRecord.Quarantined) codec.decode(codec.encode(new LogRecord.Quarantined(q)))).event()).isEqualTo(q);
        ObjectNode stored = back.event().json();
        assertThat(stored.has("writeKey")).isFalse();
    }

    @Test
    void refusesEventTimesOutsideTheWindowNamingTheField() throws Exception {
        var far = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"timestamp\":\"+300000-01-01T00:00:00Z\"}", null);
        assertThat(far.rejection().path()).isEqualTo("$.timestamp");
        assertThat(far.rejection().message()).contains("1900-01-01").contains("+300000");
        var early = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"originalTimestamp\":\"1899-12-31T23:59:59Z\"}", null);
        assertThat(early.rejection().path()).isEqualTo("$.originalTimestamp");
        var millis = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"sentAt\":99999999999999999999999}", null);
        assertThat(millis.rejection().path()).isEqualTo("$.sentAt");
        var huge = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"timestamp\":9223372036854775807}", null);
        assertThat(huge.rejection().path()).isEqualTo("$.timestamp");
        // The last accepted instant, and the first refused one.
        assertThat(parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"timestamp\":\"2199-12-31T23:59:59.999Z\"}", null))
                .isInstanceOf(ParseOutcome.Accepted.class);
        assertThat(parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"timestamp\":\"2200-01-01T00:00:00Z\"}", null))
                .isInstanceOf(ParseOutcome.Rejected.class);
    }

    @Test
    void refusesAClockCorrectionThatLeavesTheWindow() throws Exception {
        var out = (ParseOutcome.Rejected) parse("""
                {"type":"track","event":"x","userId":"u","originalTimestamp":"2199-01-01T00:00:00Z","sentAt":"1900-01-02T00:00:00Z"}""", null);
        assertThat(out.rejection().path()).isEqualTo("$.sentAt");
        assertThat(out.rejection().message()).contains("corrected for the client's clock");
    }

    @Test
    void refusesNonFiniteNumbersAndLoneSurrogatesAnywhere() throws Exception {
        var id = (ParseOutcome.Rejected) parse("{\"type\":\"identify\",\"userId\":1e400}", null);
        assertThat(id.rejection().path()).isEqualTo("$.userId");
        assertThat(id.rejection().message()).contains("finite");
        var deep = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"properties\":{\"items\":[{\"price\":-1e999}]}}", null);
        assertThat(deep.rejection().path()).isEqualTo("$.properties.items[0].price");
        var text = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"properties\":{\"s\":\"a\\udc00b\"}}", null);
        assertThat(text.rejection().path()).isEqualTo("$.properties.s");
        assertThat(text.rejection().message()).contains("\\udc00");
        // Jackson's parser refuses such a member name itself (the body is then not JSON); a tree made otherwise is checked too.
        ObjectNode named = (ObjectNode) M.readTree("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\"}");
        named.putObject("traits").put("\ud800", 1);
        var name = (ParseOutcome.Rejected) parser.parse(named, null, WEB, RECEIVED, "$");
        assertThat(name.rejection().path()).isEqualTo("$.traits");
        // A pair is a character: fine.
        assertThat(parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"properties\":{\"s\":\"\\ud83d\\ude00\"}}", null))
                .isInstanceOf(ParseOutcome.Accepted.class);
        assertThat(parse("{\"type\":\"identify\",\"userId\":12345678901234567890123}", null)).isInstanceOf(ParseOutcome.Accepted.class);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() throws Exception {
        String deep = "{\"a\":".repeat(JsonValues.MAX_DEPTH) + "1" + "}".repeat(JsonValues.MAX_DEPTH);
        var out = (ParseOutcome.Rejected) parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"properties\":" + deep + "}", null);
        assertThat(out.rejection().path()).startsWith("$.properties.a.a");
        assertThat(out.rejection().message()).contains("nesting deeper than " + JsonValues.MAX_DEPTH);
        String fits = "{\"a\":".repeat(JsonValues.MAX_DEPTH - 3) + "1" + "}".repeat(JsonValues.MAX_DEPTH - 3);
        assertThat(parse("{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\",\"properties\":" + fits + "}", null))
                .isInstanceOf(ParseOutcome.Accepted.class);
    }

    @Test
    void cardNumbersInAnAcceptedEventAreMaskedAndCardFieldsTokenizedFromTheRealNumber() throws Exception {
        var cards = new io.kith.identity.CardTokenizer("0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Set.of("card_number"));
        var parser = new EventParser(() -> "gen-1", cards);
        Event e = ((ParseOutcome.Accepted) parser.parse(M.readTree("""
                {"type":"track","event":"Paid with 4111111111111111","userId":"4111111111111111","timestamp":1700000000000,
                 "properties":{"note":"card 4111111111111111 used","cc":"4111 1111 1111 1111","n":4111111111111111,"items":[{"pan":"5500000000000004"}]},
                 "context":{"traits":{"card_number":"4111 1111 1111 1111","memo":"5500-0000-0000-0004"}},"extra":"4111111111111111"}"""),
                null, WEB, RECEIVED, "$")).event();
        String stored = e.json().toString();
        assertThat(e.json().path("properties").toString()).isEqualTo("""
                {"note":"card ************1111 used","cc":"**** **** **** 1111","n":"************1111","items":[{"pan":"************0004"}]}""");
        assertThat(e.json().path("context").path("traits").path("memo").asText()).isEqualTo("****-****-****-0004");
        assertThat(e.json().path("context").path("traits").path("payment_token").asText()).isEqualTo(cards.token("4111111111111111"));
        assertThat(e.json().path("extra").asText()).isEqualTo("************1111");
        assertThat(e.name()).isEqualTo("Paid with ************1111").isEqualTo(e.json().path("event").asText());
        // An id is kept: masked, two people's numeric ids that end alike would be one.
        assertThat(e.userId()).isEqualTo("4111111111111111");
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
        assertThat(stored.replace("\"userId\":\"4111111111111111\"", "")).doesNotContain("4111111111111111").doesNotContain("1111 1111")
                .doesNotContain("5500");
    }

    @Test
    void aBatchsSharedMembersAreCheckedAsAnEventsAre() throws Exception {
        assertThat(EventParser.sharedMembers((ObjectNode) M.readTree("{\"batch\":[],\"context\":{\"ip\":\"1.2.3.4\"},\"sentAt\":\"2026-03-01T12:00:00Z\"}")))
                .isNull();
        Rejection context = EventParser.sharedMembers((ObjectNode) M.readTree("{\"batch\":[],\"context\":[1]}"));
        assertThat(context.path()).isEqualTo("$.context");
        assertThat(context.message()).contains("must be an object, got an array");
        Rejection integrations = EventParser.sharedMembers((ObjectNode) M.readTree("{\"batch\":[],\"integrations\":\"all\"}"));
        assertThat(integrations.path()).isEqualTo("$.integrations");
        Rejection sentAt = EventParser.sharedMembers((ObjectNode) M.readTree("{\"batch\":[],\"sentAt\":\"garbage\"}"));
        assertThat(sentAt.path()).isEqualTo("$.sentAt");
        assertThat(sentAt.message()).contains("\"garbage\"");
    }
}
