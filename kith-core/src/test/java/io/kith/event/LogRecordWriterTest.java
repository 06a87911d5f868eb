package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRecordWriterTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Source WEB = new Source("src_web", "Web", "acme", SourceKind.WEB, "GB", "wk");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:10Z");
    private final LogRecordCodec codec = new LogRecordCodec(M);

    /** The event's bytes with its top-level members' positions, found as a JSON parser reports them. */
    private static RawEvent raw(byte[] b) throws Exception {
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (JsonParser p = M.createParser(b)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                starts.add((int) p.currentTokenLocation().getByteOffset());
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        return RawEvent.of(b, 0, b.length, starts.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new), 0, names.size());
    }

    /** Stores {@code json} both ways and checks they read back the same; returns the byte-copied record. */
    private String both(String json) throws Exception {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        RawEvent raw = raw(b);
        Event fast = ((ParseOutcome.Accepted) new EventParser(() -> "gen").parse(M.readTree(b), null, WEB, RECEIVED, "$", raw)).event();
        Event tree = ((ParseOutcome.Accepted) new EventParser(() -> "gen").parse(M.readTree(b), null, WEB, RECEIVED, "$")).event();
        byte[] record = codec.writer().accepted(fast, raw);
        LogRecord.Accepted back = (LogRecord.Accepted) codec.decode(record);
        Event want = ((LogRecord.Accepted) codec.decode(codec.encode(new LogRecord.Accepted(tree)))).event();
        assertThat(back.event()).isEqualTo(want);
        assertThat(back.event().json().toString()).isEqualTo(want.json().toString());
        return new String(record, StandardCharsets.UTF_8);
    }

    @Test
    void copiesWhatKithDoesNotChangeAndWritesTheRest() throws Exception {
        String stored = both("{ \"type\" : \"track\", \"event\":\"E\", \"writeKey\":\"k\", \"x\" : [1, 2.50, \"\\u00e9\"], \"userId\": null,"
                + " \"anonymousId\":\"a\", \"timestamp\":\"2026-03-01T13:00:00+01:00\" }");
        assertThat(stored).startsWith("E{").contains("\"x\" : [1, 2.50, \"\\u00e9\"]").doesNotContain("writeKey").doesNotContain("userId")
                .contains("\"timestamp\":\"2026-03-01T12:00:00Z\"", "\"originalTimestamp\":\"2026-03-01T12:00:00Z\"", "\"brand\":\"acme\"");
    }

    @Test
    void escapedAndNonAsciiNamesAndValues() throws Exception {
        assertThat(both("{\"typ\\u0065\":\"page\",\"userId\":\"ünï\",\"é\":\"\\ud83d\\ude00\",\"name\":\"Home\",\"n\\u0061\":{\"a\":[]}}"))
                .contains("\"type\":\"page\"", "\"n\\u0061\":{\"a\":[]}"); // Kith's member written, another copied as it came
        both("{\"type\":\"identify\",\"userId\":\"tab\\there\",\"traits\":{}}");
        both("{\"type\":\"identify\",\"userId\":\"u\"}");
    }

    @Test
    void aNameGivenTwiceFallsBackToTheTree() throws Exception {
        String stored = both("{\"type\":\"identify\",\"userId\":\"u\",\"k\":1,\"k\":2}");
        assertThat(stored).contains("\"k\":2").doesNotContain("\"k\":1");
        byte[] b = "{\"type\":\"identify\",\"userId\":\"u\",\"userId\":\"v\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(raw(b)).isNull();
    }

    @Test
    void membersMarkedChangedAreWrittenFromTheTree() throws Exception {
        byte[] b = "{\"type\":\"identify\",\"userId\":\"u\",\"context\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8);
        RawEvent raw = raw(b);
        ObjectNode node = (ObjectNode) M.readTree(b);
        ((ObjectNode) node.get("context")).put("b", 2);
        raw.markChanged("context");
        Event e = ((ParseOutcome.Accepted) new EventParser(() -> "gen").parse(node, null, WEB, RECEIVED, "$", raw)).event();
        assertThat(new String(codec.writer().accepted(e, raw), StandardCharsets.UTF_8)).contains("\"context\":{\"a\":1,\"b\":2}");
    }

    @Test
    void eventTypesReadAsBefore() {
        assertThat(EventType.fromWire("track")).contains(EventType.TRACK);
        assertThat(EventType.fromWire("TRACK")).contains(EventType.TRACK);
        assertThat(EventType.fromWire("t")).contains(EventType.TRACK);
        assertThat(EventType.fromWire("T")).isEmpty();
        assertThat(EventType.fromWire("tracks")).isEmpty();
        assertThat(EventType.SCREEN.wireName()).isEqualTo("screen");
    }
}
