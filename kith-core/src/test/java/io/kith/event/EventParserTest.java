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
}
