package io.kith.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.Event;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.QuarantinedEvent;
import io.kith.identity.CardTokenizer;
import io.kith.testkit.InMemoryEventLog;
import io.kith.testkit.Sources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Files as POS, CRM and service systems really write them, and as an attacker would: each bad row is rejected with its line, the rest go in. */
class HostileInputTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String CSV_MAPPING = """
            {"type": "track", "event": "Order Completed", "userId": "{id}",
             "timestamp": {"column": "at", "type": "timestamp"},
             "properties": {"amount": {"column": "amount", "type": "number"}, "note": "{note}"}}""";
    private static final String JSONL_MAPPING = """
            {"format": "jsonl", "type": "track", "event": "Order Completed", "userId": "{id}",
             "properties": {"amount": {"column": "amount", "type": "number"}, "note": "{note}"}}""";

    private final InMemoryEventLog log = new InMemoryEventLog();
    private final LogRecordCodec codec = new LogRecordCodec(M);

    private ImportReport run(String mapping, byte[] file) throws Exception {
        return run(mapping, new ByteArrayInputStream(file), null);
    }

    private ImportReport run(String mapping, InputStream file, CardTokenizer cards) throws Exception {
        return new Importer(log, M, CLOCK, cards).run(file, -1, "pos.csv", ImportMapping.read(in(mapping), "m.json"), Sources.POS,
                ImportProgress.NONE);
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(utf8(s));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
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
    void aByteOrderMarkDoesNotBecomePartOfTheFirstColumnsName() throws Exception {
        ImportReport csv = run(CSV_MAPPING, concat(BOM, utf8("id,at,amount,note\nc-1,2025-11-02T10:00:00Z,12.50,first\n")));
        ImportReport jsonl = run(JSONL_MAPPING, concat(BOM, utf8("{\"id\": \"c-2\", \"amount\": 3}\n")));
        assertThat(csv.rejected()).isEmpty();
        assertThat(jsonl.rejected()).isEmpty();
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-1", "c-2");
    }

    @Test
    void crlfLineEndsWork() throws Exception {
        ImportReport csv = run(CSV_MAPPING, utf8("id,at,amount,note\r\nc-1,2025-11-02T10:00:00Z,1,\"two\r\nlines\"\r\n\r\nc-2,,2,x\r\n"));
        ImportReport jsonl = run(JSONL_MAPPING, utf8("{\"id\": \"c-3\"}\r\n\r\n{\"id\": \"c-4\", \"note\": \"n\"}\r\n"));
        assertThat(csv.rejected()).isEmpty();
        assertThat(jsonl.rejected()).isEmpty();
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-1", "c-2", "c-3", "c-4");
        assertThat(accepted().get(0).properties().get("note").asText()).isEqualTo("two\r\nlines");
        assertThat(accepted().get(3).properties().get("note").asText()).isEqualTo("n");
    }

    @Test
    void invalidUtf8RejectsItsRowWithLineAndColumnAndTheRestGoesOn() throws Exception {
        byte[] csv = concat(utf8("id,at,amount,note\nc-1,,1,caf"), new byte[] {(byte) 0xE9}, utf8("\nc-2,,2,ok\n"));
        ImportReport report = run(CSV_MAPPING, csv);
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.column()).isEqualTo("note");
            assertThat(r.reason()).contains("invalid UTF-8 bytes 0xe9");
        });
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-2");
        assertThat(report.stoppedEarly()).isFalse();

        byte[] jsonl = concat(utf8("{\"id\": \"c-3\", \"note\": \""), new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("\"}\n{\"id\": \"c-4\"}\n"));
        ImportReport second = run(JSONL_MAPPING, jsonl);
        assertThat(second.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.reason()).contains("invalid UTF-8 bytes 0xff").contains("column 24");
        });
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-2", "c-4");
    }

    @Test
    void aTruncatedMultiByteCharacterAtTheEndOfTheFileIsReported() throws Exception {
        ImportReport report = run(CSV_MAPPING, concat(utf8("id,at,amount,note\nc-1,,1,"), new byte[] {(byte) 0xE2, (byte) 0x82}));
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).contains("0xe2 0x82");
        });
    }

    @Test
    void controlCharactersRejectTheirRowWithLineColumnAndValue() throws Exception {
        ImportReport csv = run(CSV_MAPPING, utf8("id,at,amount,note\nc-1,,1,a\u0000b\nc-2,,2,tab\tis fine\nc-\u001b3,,3,x\n"));
        assertThat(csv.rejected()).extracting(ImportReport.Rejected::line, ImportReport.Rejected::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "note"), org.assertj.core.groups.Tuple.tuple(4L, "id"));
        assertThat(csv.rejected().get(0).reason()).contains("U+0000 (NUL)").contains("\"a\\u0000b\"");
        assertThat(csv.rejected().get(1).reason()).contains("U+001B");

        ImportReport jsonl = run(JSONL_MAPPING, utf8("{\"id\": \"c-4\", \"deep\": {\"note\": \"x\\u0007\"}}\n{\"id\": \"c-5\"}\n"));
        assertThat(jsonl.rejected()).singleElement().satisfies(r -> {
            assertThat(r.column()).isEqualTo("deep.note");
            assertThat(r.reason()).contains("U+0007");
        });
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-2", "c-5");
    }

    @Test
    void aHugeFieldIsRejectedWithoutBeingLoadedAndReadingGoesOn() throws Exception {
        // 3 MB in a quoted field: streamed, so the file is never in memory whole.
        InputStream file = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                in("id,at,amount,note\nc-1,,1,\""), new Repeat((byte) 'x', 3_000_000), in("\"\nc-2,,2,small\n"))));
        ImportReport report = run(CSV_MAPPING, file, null);
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).contains("3,000,0").contains("at most 65,536");
        });
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-2");
        assertThat(quarantined().get(0).raw().length()).isLessThan(1_000);
    }

    @Test
    void aFieldOverItsLimitInARowUnderItsLimitIsRejected() throws Exception {
        String big = "y".repeat(40_000);
        ImportReport report = run(CSV_MAPPING, utf8("id,at,amount,note\nc-1,,1," + big + "\n"));
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.column()).isEqualTo("note");
            assertThat(r.reason()).contains("40,000 bytes").contains("at most 32,768");
        });
        ImportReport jsonl = run(JSONL_MAPPING, utf8("{\"id\": \"c-2\", \"note\": \"" + big + "\"}\n" + "{\"id\": \"" + "z".repeat(70_000) + "\"}\n"));
        assertThat(jsonl.rejected()).extracting(ImportReport.Rejected::line).containsExactly(1L, 2L);
        assertThat(jsonl.rejected().get(1).reason()).contains("at most 65,536");
        assertThat(accepted()).isEmpty();
    }

    @Test
    void anEventOverTheApisLimitIsRejected() throws Exception {
        String mapping = """
                {"type": "track", "event": "Order Completed", "anonymousId": "r-{receipt}",
                 "groupBy": {"key": "receipt", "into": "products", "item": {"sku": "{sku}"}}}""";
        StringBuilder csv = new StringBuilder("receipt,sku\n");
        for (int i = 0; i < 2_000; i++) {
            csv.append("r1,sku-").append("%020d".formatted(i)).append('\n');
        }
        csv.append("r2,sku-1\n");
        ImportReport report = run(mapping, utf8(csv.toString()));
        assertThat(report.rowsRejected()).isEqualTo(2_000);
        assertThat(report.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("these 2000 rows").contains("at most 32,768"));
        assertThat(quarantined().get(0).rejection().code()).isEqualTo(io.kith.error.ErrorCode.EVENT_TOO_LARGE);
        assertThat(accepted()).extracting(Event::anonymousId).containsExactly("r-r2");
    }

    @Test
    void nonFiniteNumbersAreRejectedWithColumnAndValue() throws Exception {
        ImportReport csv = run(CSV_MAPPING, utf8("id,at,amount,note\nc-1,,1e400,\nc-2,,NaN,\nc-3,,-Infinity,\nc-4,,1e300,\n"));
        assertThat(csv.rejected()).extracting(ImportReport.Rejected::line).containsExactly(2L, 3L, 4L);
        assertThat(csv.rejected()).allSatisfy(r -> {
            assertThat(r.column()).isEqualTo("amount");
            assertThat(r.reason()).contains("expected a finite number for properties.amount");
        });
        assertThat(csv.rejected().get(0).reason()).contains("\"1e400\"");
        ImportReport jsonl = run(JSONL_MAPPING, utf8("{\"id\": \"c-5\", \"amount\": 1e400}\n{\"id\": \"c-6\", \"amount\": 12.10}\n"));
        assertThat(jsonl.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("\"1E+400\""));
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-4", "c-6");
        assertThat(accepted().get(1).properties().get("amount").decimalValue()).isEqualByComparingTo("12.10");
    }

    @Test
    void aQuoteThatNeverClosesStopsReadingWithTheLineAndWhy() throws Exception {
        ImportReport report = run(CSV_MAPPING, utf8("id,at,amount,note\nc-1,,1,ok\nc-2,,2,\"never closed\nc-3,,3,x\nc-4,,4,y\n"));
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-1");
        assertThat(report.stop()).hasValueSatisfying(s -> {
            assertThat(s.line()).isEqualTo(3);
            assertThat(s.reason()).contains("quote opened on line 3 never closes");
        });
        assertThat(report.rejected()).extracting(ImportReport.Rejected::line).containsExactly(3L);
        assertThat(report.summary()).contains("reading stopped at line 3: a quote opened on line 3 never closes");
    }

    @Test
    void textAfterAClosingQuoteRejectsTheRowOnly() throws Exception {
        ImportReport report = run(CSV_MAPPING, utf8("id,at,amount,note\nc-1,,1,\"a\"b\nc-2,,2,\"x, \"\"y\"\"\"\n"));
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.column()).isEqualTo("note");
        });
        assertThat(accepted().get(0).properties().get("note").asText()).isEqualTo("x, \"y\"");
    }

    @Test
    void brokenJsonLinesAreReportedAndReadingGoesOn() throws Exception {
        ImportReport report = run(JSONL_MAPPING, utf8("{\"id\": \"c-1\"\n[1, 2]\n{\"id\": \"c-2\", \"amount\": NaN}\n{\"id\": \"c-3\"}\n"));
        assertThat(report.rejected()).extracting(ImportReport.Rejected::line).containsExactly(1L, 2L, 3L);
        assertThat(report.rejected().get(0).reason()).contains("not valid JSON");
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(accepted()).extracting(Event::userId).containsExactly("c-3");
    }

    @Test
    void quarantinedRowsKeepTheirReasonButNoCardNumberInClear() throws Exception {
        String csv = "id,at,amount,note\nc-1,,twelve,paid with 4111 1111 1111 1111 on 2025-11-02\nc-2,,1,\u0000 card 5500-0000-0000-0004\n";
        run(CSV_MAPPING, new ByteArrayInputStream(utf8(csv)), null);
        run(JSONL_MAPPING, in("{\"id\": \"c-3\", \"note\": \"4111111111111111\"\n"), null);
        CardTokenizer cards = new CardTokenizer("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), Set.of("card_number"));
        run(CSV_MAPPING, in("id,at,amount,note\n,,1,4111111111111111\n"), cards);
        List<QuarantinedEvent> q = quarantined();
        assertThat(q).hasSize(4);
        assertThat(q).allSatisfy(e -> assertThat(e.raw()).doesNotContain("4111").doesNotContain("5500"));
        assertThat(q.get(2).raw()).contains("************1111");
        assertThat(q.get(0).raw()).contains("paid with **** **** **** 1111 on 2025-11-02").contains("\"id\":\"c-1\"");
        assertThat(q.get(0).rejection().path()).isEqualTo("line 2, column 'amount'");
        assertThat(q.get(0).rejection().message()).contains("\"twelve\"");
        assertThat(q.get(1).raw()).contains("card ****-****-****-0004");
        assertThat(q.get(3).raw()).contains("************1111").doesNotContain(cards.token("4111111111111111"));
    }
}
