package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.testkit.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchBodyTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:10Z");
    private final LogRecordCodec codec = new LogRecordCodec(M);

    private static BatchBody read(String body) throws Exception {
        return BatchBody.read(M, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String body, BatchBody.Item item) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new String(b, item.start(), item.size(), StandardCharsets.UTF_8);
    }

    private byte[] store(BatchBody.Item item) {
        Event e = ((ParseOutcome.Accepted) new EventParser(() -> "gen").parse(item.node(), null, Sources.WEB_SHOP, NOW, "$", item.raw())).event();
        return codec.writer().accepted(e, item.raw());
    }

    @Test
    void eachElementHasItsRangeAndItsMembers() throws Exception {
        String body = "{\"writeKey\":\"k\",\"batch\":[ {\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\"} , 7, \"s\", [1,{\"x\":[]}],"
                + "{\"type\":\"page\",\"anonymousId\":\"a\"}],\"context\":{\"ip\":\"1.2.3.4\",\"nested\":{\"k\":[{}]}},\"other\":[{\"y\":1}]}";
        BatchBody batch = read(body);
        assertThat(batch.items()).extracting(i -> text(body, i))
                .containsExactly("{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\"}", "7", "\"s\"", "[1,{\"x\":[]}]",
                        "{\"type\":\"page\",\"anonymousId\":\"a\"}");
        assertThat(batch.items()).extracting(i -> i.raw() != null).containsExactly(true, false, false, false, true);
        assertThat(batch.top().path("context").path("ip").asText()).isEqualTo("1.2.3.4");
        assertThat(batch.top().path("writeKey").asText()).isEqualTo("k");
    }

    @Test
    void anAcceptedEventIsStoredFromItsBytesWithKithsMembersWritten() throws Exception {
        String body = "{\"batch\":[{\"type\":\"track\", \"writeKey\":\"client\", \"event\":\" Signed Up \",\"userId\":null,"
                + "\"anonymousId\":42,\"properties\":{ \"plan\" : \"pro\", \"seats\" : 1.5e1 },\"timestamp\":\"2026-03-01T11:00:00Z\"}]}";
        BatchBody.Item item = read(body).items().get(0);
        assertThat(item.raw()).isNotNull();
        byte[] record = store(item);
        String json = new String(record, StandardCharsets.UTF_8);
        assertThat(json).contains("\"properties\":{ \"plan\" : \"pro\", \"seats\" : 1.5e1 }") // copied as it came
                .doesNotContain("writeKey").doesNotContain("userId")
                .contains("\"event\":\"Signed Up\"", "\"anonymousId\":\"42\"", "\"messageId\":\"gen\"", "\"sourceId\":\"src_webshop\"");
        Event tree = ((ParseOutcome.Accepted) new EventParser(() -> "gen").parse(M.readTree(text(body, item)), null, Sources.WEB_SHOP, NOW, "$"))
                .event();
        LogRecord.Accepted back = (LogRecord.Accepted) codec.decode(record);
        assertThat(back.event()).isEqualTo(tree);
        assertThat(back.event().json().toString()).isEqualTo(tree.json().toString());
    }

    @Test
    void aNonFiniteNumberIsReadWholeAndRefusedWhereItIs() throws Exception {
        BatchBody batch = read("{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"big\":1e400}},"
                + "{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"ok\":1e300}}]}");
        assertThat(batch.items().get(0).raw()).isNull();
        assertThat(batch.items().get(1).raw()).isNotNull();
        var out = (ParseOutcome.Rejected) new EventParser(() -> "gen").parse(batch.items().get(0).node(), null, Sources.WEB_SHOP, NOW, "$.batch[0]", null);
        assertThat(out.rejection().path()).isEqualTo("$.batch[0].properties.big");
        assertThat(out.rejection().message()).contains("finite");
        assertThat(new String(store(batch.items().get(1)), StandardCharsets.UTF_8)).contains("\"ok\":1e300");
    }

    @Test
    void anEventThatMayHoldASurrogateIsReadWhole() throws Exception {
        BatchBody batch = read("{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"s\":\"\\ud800\"}},"
                + "{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"s\":\"\\u00e9\\\\ud800\"}}]}");
        assertThat(batch.items().get(0).raw()).isNull();
        var out = (ParseOutcome.Rejected) new EventParser(() -> "gen").parse(batch.items().get(0).node(), null, Sources.WEB_SHOP, NOW, "$.batch[0]", null);
        assertThat(out.rejection().path()).isEqualTo("$.batch[0].properties.s");
        assertThat(out.rejection().message()).contains("unpaired UTF-16 surrogate");
        // An escaped backslash before "ud800" is text, not an escape: copied as bytes.
        assertThat(batch.items().get(1).raw()).isNotNull();
        assertThat(new String(store(batch.items().get(1)), StandardCharsets.UTF_8)).contains("\\\\ud800");
    }

    @Test
    void aBatchGivenTwiceIsReadAsBefore() throws Exception {
        BatchBody batch = read("{\"batch\":[{\"a\":1}],\"batch\":[{\"b\":2},{\"c\":3}]}");
        assertThat(batch.items()).hasSize(2);
        assertThat(batch.items()).allSatisfy(i -> assertThat(i.raw()).isNotNull()); // the last one counts, read as any other
        assertThatThrownBy(() -> read("{\"writeKey\":\"k\"}")).isInstanceOf(KithException.class).hasMessageContaining("$.batch");
        assertThatThrownBy(() -> read("{\"batch\":5}")).isInstanceOf(KithException.class).hasMessageContaining("number 5");
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(KithException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> read("{\"batch\":[]} x")).isInstanceOf(Exception.class);
    }

    @Test
    void aByteOrderMarkAndSpacingKeepTheRanges() throws Exception {
        String body = "\uFEFF { \"batch\" : [ \n { \"type\" : \"identify\" , \"userId\" : \"u\" }\n ] }";
        BatchBody batch = read(body);
        BatchBody.Item item = batch.items().get(0);
        assertThat(text(body, item)).isEqualTo("{ \"type\" : \"identify\" , \"userId\" : \"u\" }");
        assertThat(item.raw()).isNotNull();
        assertThat(codec.decode(store(item))).isInstanceOf(LogRecord.Accepted.class);
    }

    @Test
    void nestedValuesStayBytesUnlessKithWillChangeThem() throws Exception {
        String event = "{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"a\":{\"b\":[1,2]}},\"context\":{\"ip\":\"x\"}}";
        BatchBody.Item plain = read("{\"batch\":[" + event + "]}").items().get(0);
        assertThat(plain.node().get("properties").isObject()).isTrue();
        assertThat(plain.node().get("properties").isEmpty()).as("a stand-in: the bytes are copied").isTrue();
        assertThat(plain.node().get("userId").asText()).isEqualTo("u");
        assertThat(new String(store(plain), StandardCharsets.UTF_8)).contains("\"properties\":{\"a\":{\"b\":[1,2]}}", "\"context\":{\"ip\":\"x\"}");

        BatchBody.Item shared = read("{\"context\":{\"locale\":\"en\"},\"batch\":[" + event + "]}").items().get(0);
        assertThat(shared.node().path("context").path("ip").asText()).as("the shared context is merged into it").isEqualTo("x");
        assertThat(shared.node().get("properties").isEmpty()).isTrue();
    }

    @Test
    void aCardFieldWhereTheScrubberLooksBringsTheTreesItChanges() throws Exception {
        java.util.function.Predicate<String> cards = java.util.Set.of("card_number")::contains;
        String[] bodies = {
            "{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"card_number\":\"4111\"},\"context\":{\"ip\":\"x\"}}]}",
            "{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"context\":{\"ip\":\"x\",\"traits\":{\"card_number\":\"4111\"}}}]}",
            "{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"context\":{\"ip\":\"x\",\"externalIds\":[{\"id\":\"4111\",\"type\":\"card_number\"}]}}]}"};
        for (String body : bodies) {
            BatchBody.Item item = BatchBody.read(M, body.getBytes(StandardCharsets.UTF_8), cards).items().get(0);
            assertThat(item.node().path("context").path("ip").asText()).as(body).isEqualTo("x");
        }
        String deeper = "{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"x\":{\"card_number\":\"4111\"}},\"context\":{\"ip\":\"x\"}}]}";
        BatchBody.Item notScrubbed = BatchBody.read(M, deeper.getBytes(StandardCharsets.UTF_8), cards).items().get(0);
        assertThat(notScrubbed.node().get("context").isEmpty()).as("the scrubber does not look two levels down").isTrue();
    }
}
