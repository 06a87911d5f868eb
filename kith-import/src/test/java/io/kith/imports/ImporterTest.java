package io.kith.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.QuarantinedEvent;
import io.kith.testkit.InMemoryEventLog;
import io.kith.testkit.Sources;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImporterTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final LogRecordCodec codec = new LogRecordCodec(M);

    private static final String POS_MAPPING = """
            {"format": "csv", "type": "track", "event": "Order Completed",
             "messageId": "pos-{order_id}",
             "anonymousId": "card-{card}",
             "timestamp": {"column": "purchased_at", "type": "timestamp", "format": "dd/MM/yyyy HH:mm", "zone": "Europe/London"},
             "properties": {"order_id": "{order_id}", "revenue": {"column": "total", "type": "number", "required": true},
                            "store": "{store}", "currency": "GBP"},
             "traits": {"phone": "{phone}"},
             "externalIds": [{"type": "loyalty_card", "id": "{card}"}],
             "groupBy": {"key": "order_id", "into": "products",
                         "item": {"sku": "{sku}", "price": {"column": "price", "type": "number"},
                                  "quantity": {"column": "qty", "type": "integer"}}}}""";

    private ImportReport run(String mapping, String file) throws Exception {
        return new Importer(log, M, CLOCK).run(in(file), file.length(), "pos.csv", ImportMapping.read(in(mapping), "pos.mapping.json"),
                Sources.POS, ImportProgress.NONE);
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<Event> accepted() {
        return log.read(0, 100_000).stream().map(e -> codec.decode(e.payload()))
                .filter(r -> r instanceof LogRecord.Accepted).map(r -> ((LogRecord.Accepted) r).event()).toList();
    }

    private List<QuarantinedEvent> quarantined() {
        return log.read(0, 100_000).stream().map(e -> codec.decode(e.payload()))
                .filter(r -> r instanceof LogRecord.Quarantined).map(r -> ((LogRecord.Quarantined) r).event()).toList();
    }

    @Test
    void posLinesOfOneOrderBecomeOneOrderCompletedWithItsProducts() throws Exception {
        String csv = """
                order_id,store,purchased_at,card,phone,sku,price,qty,total
                o-1,leeds,24/12/2025 09:30,LC-1001,07700 900123,A-1,10.50,2,33.00
                o-1,leeds,24/12/2025 09:30,LC-1001,07700 900123,B-2,12.00,1,33.00
                o-2,york,24/12/2025 10:00,LC-2002,,C-3,5,1,5
                """;
        ImportReport report = run(POS_MAPPING, csv);
        assertThat(report.rowsRead()).isEqualTo(3);
        assertThat(report.eventsAccepted()).isEqualTo(3);
        assertThat(report.rowsRejected()).isZero();
        List<Event> events = accepted();
        assertThat(events).hasSize(2);
        Event o1 = events.get(0);
        assertThat(o1.messageId()).isEqualTo("pos-o-1");
        assertThat(o1.name()).isEqualTo("Order Completed");
        assertThat(o1.anonymousId()).isEqualTo("card-LC-1001");
        assertThat(o1.timestamp()).isEqualTo(Instant.parse("2025-12-24T09:30:00Z")); // London is UTC in December
        assertThat(o1.receivedAt()).isEqualTo(CLOCK.instant());
        assertThat(o1.properties().get("revenue").decimalValue()).isEqualByComparingTo("33.00");
        assertThat(o1.properties().get("products")).hasSize(2);
        assertThat(o1.properties().get("products").get(1).get("sku").asText()).isEqualTo("B-2");
        assertThat(o1.properties().get("products").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(o1.context().get("traits").get("phone").asText()).isEqualTo("07700 900123");
        assertThat(o1.context().get("externalIds").get(0).get("type").asText()).isEqualTo("loyalty_card");
        assertThat(o1.sourceId()).isEqualTo(Sources.POS.id());
        assertThat(events.get(1).context().path("traits").has("phone")).isFalse();
    }

    @Test
    void badRowsAreReportedWithTheirLineAndQuarantined() throws Exception {
        String csv = """
                order_id,store,purchased_at,card,phone,sku,price,qty,total
                o-1,leeds,24/12/2025 09:30,LC-1,,A-1,10.50,2,twelve
                o-2,leeds,yesterday,LC-2,,A-1,10.50,2,12
                o-3,leeds,24/12/2025 09:30,,,A-1,10.50,2,12
                o-4,leeds,24/12/2025 09:30,LC-4,,A-1,10.50,2,
                o-5,leeds,24/12/2025 09:30,LC-5,,A-1,10.50,2,1
                """;
        ImportReport report = run(POS_MAPPING, csv);
        assertThat(report.eventsAccepted()).isEqualTo(1);
        assertThat(report.rowsRejected()).isEqualTo(4);
        assertThat(report.rejected()).extracting(ImportReport.Rejected::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(report.rejected()).extracting(ImportReport.Rejected::column).containsExactly("total", "purchased_at", "", "total");
        assertThat(report.rejected().get(0).reason()).contains("a finite number").contains("properties.revenue").contains("\"twelve\"");
        assertThat(report.rejected().get(1).reason()).contains("\"yesterday\"");
        assertThat(report.rejected().get(2).reason()).contains("userId or anonymousId is required");
        assertThat(report.rejected().get(3).reason()).contains("required");
        assertThat(quarantined()).hasSize(4);
        assertThat(quarantined().get(0).rejection().path()).isEqualTo("line 2, column 'total'");
        assertThat(report.summary()).contains("line 2, column 'total': expected a finite number").contains("1 events accepted");
    }

    @Test
    void reimportingAFileGivesTheSameMessageIds() throws Exception {
        String mapping = """
                {"type": "identify", "userId": "{crm_id}", "traits": {"email": "{email}", "first_name": "{first}"}}""";
        String csv = "crm_id,email,first\nc-1,ADA@Example.com ,Ada\nc-2,bob@example.com,\"Bob, Jr\"\n";
        run(mapping, csv);
        run(mapping, csv);
        List<Event> events = accepted();
        assertThat(events).hasSize(4);
        assertThat(events.get(0).messageId()).isEqualTo(events.get(2).messageId()).startsWith("import-");
        assertThat(events.get(0).messageId()).isNotEqualTo(events.get(1).messageId());
        assertThat(events.get(1).traits().get("first_name").asText()).isEqualTo("Bob, Jr");
    }

    @Test
    void quotedFieldsMayHoldDelimitersAndNewlines() throws Exception {
        String mapping = """
                {"type": "track", "event": "Support Contact", "userId": "{crm_id}",
                 "properties": {"reason": "{reason}", "channel": "{channel}", "escalated": {"column": "esc", "type": "boolean"}}}""";
        String csv = "crm_id,channel,reason,esc\nc-1,phone,\"Broken, returned\nitem\",yes\nc-2,chat,Delivery,no\n";
        ImportReport report = run(mapping, csv);
        assertThat(report.eventsAccepted()).isEqualTo(2);
        assertThat(accepted().get(0).properties().get("reason").asText()).isEqualTo("Broken, returned\nitem");
        assertThat(accepted().get(0).properties().get("escalated").asBoolean()).isTrue();
        assertThat(accepted().get(1).properties().get("escalated").asBoolean()).isFalse();
    }

    @Test
    void jsonLinesRowsAndBrokenLinesAreReported() throws Exception {
        String mapping = """
                {"format": "jsonl", "type": "track", "event": "{kind}", "userId": "{customer.id}",
                 "timestamp": "{at}", "properties": {"amount": {"column": "amount", "type": "number"}}}""";
        String jsonl = """
                {"kind": "Refund Issued", "customer": {"id": "c-1"}, "at": "2025-11-02T10:00:00Z", "amount": 12.5}
                {"kind": "Refund Issued", "customer": {"id": "c-2"}, "at": "2025-11-02T11:00:00Z"
                
                {"kind": "Refund Issued", "customer": {"id": "c-3"}, "at": "2025-11-02 12:00:00", "amount": "7"}
                """;
        ImportReport report = new Importer(log, M, CLOCK).run(in(jsonl), -1, "refunds.jsonl",
                ImportMapping.read(in(mapping), "m"), Sources.CRM, ImportProgress.NONE);
        assertThat(report.eventsAccepted()).isEqualTo(2);
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).contains("not valid JSON");
        });
        assertThat(accepted().get(1).timestamp()).isEqualTo(Instant.parse("2025-11-02T12:00:00Z"));
        assertThat(accepted().get(0).userId()).isEqualTo("c-1");
    }

    @Test
    void mappingErrorsNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> ImportMapping.read(in("{\"type\":\"purchase\",\"userId\":\"{a}\"}"), "m.json"))
                .isInstanceOf(KithException.class).hasMessageContaining("m.json").hasMessageContaining("\"type\"").hasMessageContaining("purchase");
        assertThatThrownBy(() -> ImportMapping.read(in("{\"type\":\"track\",\"userId\":\"{a}\"}"), "m.json"))
                .hasMessageContaining("\"event\"");
        assertThatThrownBy(() -> ImportMapping.read(in("{\"type\":\"identify\"}"), "m.json"))
                .hasMessageContaining("userId").hasMessageContaining("anonymousId");
        assertThatThrownBy(() -> ImportMapping.read(in("{\"type\":\"identify\",\"userId\":\"{a}\",\"propertiez\":{}}"), "m.json"))
                .hasMessageContaining("unknown key \"propertiez\"");
        assertThatThrownBy(() -> ImportMapping.read(in("{\"type\":\"identify\",\"userId\":{\"column\":\"a\",\"type\":\"money\"}}"), "m.json"))
                .hasMessageContaining("userId.type").hasMessageContaining("money");
    }

    @Test
    void aLargeFileStreamsThroughInConstantMemory() throws Exception {
        String mapping = "{\"type\":\"track\",\"event\":\"Row\",\"userId\":\"u-{n}\",\"properties\":{\"n\":{\"column\":\"n\",\"type\":\"integer\"}}}";
        int rows = 200_000;
        InputStream generated = new InputStream() {
            private byte[] current = "n\n".getBytes(StandardCharsets.UTF_8);
            private int pos;
            private int next;

            @Override
            public int read() {
                if (pos == current.length) {
                    if (next == rows) {
                        return -1;
                    }
                    current = (next++ + "\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                return current[pos++];
            }
        };
        InMemoryEventLog counting = new InMemoryEventLog();
        long[] lastRows = {0};
        ImportReport report = new Importer(counting, M, CLOCK).run(generated, -1, "big.csv", ImportMapping.read(in(mapping), "m"),
                Sources.POS, (bytes, total, r) -> lastRows[0] = r);
        assertThat(report.eventsAccepted()).isEqualTo(rows);
        assertThat(counting.endSequence()).isEqualTo(rows);
        assertThat(lastRows[0]).isEqualTo(rows);
    }
}
