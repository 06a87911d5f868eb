package io.kith.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.testkit.InMemoryEventLog;
import io.kith.testkit.Sources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile rows mixed with good ones, in CSV and JSON Lines: the import never throws, every good row is accepted and
 * every bad row is rejected with its line.
 */
class HostileImportProperties {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    /** Small limits, so that huge rows stay quick to make. */
    private static final ImportLimits LIMITS = new ImportLimits(4_096, 1_024, 8_192);
    private static final String COLUMNS = """
            "type": "track", "event": "Order Completed", "userId": "{id}",
             "timestamp": {"column": "at", "type": "timestamp"},
             "properties": {"amount": {"column": "amount", "type": "number"}, "note": "{note}"}}""";

    /**
     * Whether the event parser rejects a time in year 10,000. Another change teaches it a time window; until that is
     * in, such a row is a good row to the importer, which leaves times to the parser (one rule, one place).
     */
    private static final boolean PARSER_REJECTS_FAR_FUTURE = new io.kith.event.EventParser().parse(
            M.createObjectNode().put("type", "track").put("event", "e").put("userId", "u").put("timestamp", "+10000-01-01T00:00:00Z"),
            null, Sources.POS, CLOCK.instant(), "$") instanceof io.kith.event.ParseOutcome.Rejected;

    enum Kind { GOOD, BAD_BYTES, CONTROL_CHAR, HUGE_FIELD, FAR_FUTURE, NON_FINITE }

    /** One row to write: its kind and values; {@code badBytes} go inside the note for BAD_BYTES. */
    record Spec(Kind kind, String at, String amount, String note, byte[] badBytes) {
    }

    @Property(tries = 60)
    void csvNeverStopsAndReportsEveryBadRow(@ForAll("rows") List<Spec> rows, @ForAll boolean bom, @ForAll boolean crlf) throws Exception {
        String eol = crlf ? "\r\n" : "\n";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        if (bom) {
            file.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        file.writeBytes(("id,at,amount,note" + eol).getBytes(StandardCharsets.UTF_8));
        long line = 2;
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Spec s = rows.get(i);
            lines.add(line);
            // Bad bytes go first in the quoted note, where they cannot split a doubled quote.
            write(file, "u-" + i + "," + s.at() + "," + s.amount() + ",\"");
            file.writeBytes(s.badBytes());
            write(file, s.note().replace("\"", "\"\"") + "\"" + eol);
            line += 1 + s.note().chars().filter(c -> c == '\n').count();
        }
        check(rows, lines, "{\"format\": \"csv\", " + COLUMNS, file.toByteArray());
    }

    @Property(tries = 60)
    void jsonLinesNeverStopAndReportEveryBadRow(@ForAll("rows") List<Spec> rows, @ForAll boolean crlf) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Spec s = rows.get(i);
            lines.add(i + 1L);
            write(file, "{\"id\": \"u-" + i + "\", \"at\": \"" + s.at() + "\", \"amount\": " + s.amount() + ", \"note\": \"");
            file.writeBytes(s.badBytes());
            write(file, M.writeValueAsString(s.note()).substring(1) + "}" + (crlf ? "\r\n" : "\n"));
        }
        check(rows, lines, "{\"format\": \"jsonl\", " + COLUMNS, file.toByteArray());
    }

    private static void check(List<Spec> rows, List<Long> lines, String mapping, byte[] file) throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        ImportReport report = new Importer(log, M, CLOCK, null, LIMITS).run(new ByteArrayInputStream(file), file.length, "f",
                ImportMapping.read(new ByteArrayInputStream(mapping.getBytes(StandardCharsets.UTF_8)), "m"), Sources.POS, ImportProgress.NONE);
        List<String> good = new ArrayList<>();
        List<Long> badLines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Kind kind = rows.get(i).kind();
            if (kind == Kind.GOOD || kind == Kind.FAR_FUTURE && !PARSER_REJECTS_FAR_FUTURE) {
                good.add("u-" + i);
            } else {
                badLines.add(lines.get(i));
            }
        }
        LogRecordCodec codec = new LogRecordCodec(M);
        List<String> accepted = log.read(0, 10_000).stream().map(e -> codec.decode(e.payload()))
                .filter(r -> r instanceof LogRecord.Accepted).map(r -> ((LogRecord.Accepted) r).event().userId()).toList();
        assertThat(report.stop()).as(report.summary()).isEmpty();
        assertThat(accepted).as(report.summary()).isEqualTo(good);
        assertThat(report.rejected()).as(report.summary()).extracting(ImportReport.Rejected::line).isEqualTo(badLines);
        assertThat(report.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        assertThat(report.rowsRejected()).isEqualTo(badLines.size());
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<Spec>> rows() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, good()),
                net.jqwik.api.Tuple.of(1, badBytes()),
                net.jqwik.api.Tuple.of(1, controlChar()),
                net.jqwik.api.Tuple.of(1, hugeField()),
                net.jqwik.api.Tuple.of(1, farFuture()),
                net.jqwik.api.Tuple.of(1, nonFinite())).list().ofMaxSize(25);
    }

    private static final byte[] NONE = {};

    private Arbitrary<String> at() {
        return Arbitraries.longs().between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(), Instant.parse("2025-12-31T00:00:00Z").getEpochSecond())
                .map(s -> Instant.ofEpochSecond(s).toString());
    }

    private Arbitrary<String> amount() {
        return Arbitraries.bigDecimals().between(new java.math.BigDecimal("-1000000"), new java.math.BigDecimal("1000000")).ofScale(2)
                .map(java.math.BigDecimal::toPlainString);
    }

    /** Notes as people write them: commas, quotes, line breaks, tabs, accents, emoji. */
    private Arbitrary<String> note() {
        return Arbitraries.strings().withChars("abc XYZ,\"\n\t'é€😀{}:\\").ofMaxLength(60);
    }

    private Arbitrary<Spec> good() {
        return Combinators.combine(at(), amount(), note()).as((a, n, t) -> new Spec(Kind.GOOD, a, n, t, NONE));
    }

    /** Bytes 0x80 to 0xFF with at least one 0xFF: never valid UTF-8, never a quote or a line break. */
    private Arbitrary<Spec> badBytes() {
        return Combinators.combine(at(), amount(), note(), Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF).list().ofMaxSize(8))
                .as((a, n, t, b) -> {
                    byte[] bytes = new byte[b.size() + 1];
                    bytes[0] = (byte) 0xFF;
                    for (int i = 0; i < b.size(); i++) {
                        bytes[i + 1] = b.get(i);
                    }
                    return new Spec(Kind.BAD_BYTES, a, n, t, bytes);
                });
    }

    private Arbitrary<Spec> controlChar() {
        Arbitrary<Character> c = Arbitraries.chars().range('\u0000', '\u001f').filter(ch -> ch != '\t' && ch != '\n' && ch != '\r');
        return Combinators.combine(at(), amount(), note(), c).as((a, n, t, ch) -> new Spec(Kind.CONTROL_CHAR, a, n, t + ch, NONE));
    }

    private Arbitrary<Spec> hugeField() {
        return Combinators.combine(at(), amount(), Arbitraries.integers().between(LIMITS.maxFieldBytes() + 1, LIMITS.maxRowBytes() * 3))
                .as((a, n, len) -> new Spec(Kind.HUGE_FIELD, a, n, "h".repeat(len), NONE));
    }

    private Arbitrary<Spec> farFuture() {
        Arbitrary<String> at = Arbitraries.integers().between(10_000, 999_999_999).map(y -> "+" + y + "-01-01T00:00:00Z")
                .injectDuplicates(0).edgeCases(e -> e.add("+999999999-12-31T23:59:59Z"));
        return Combinators.combine(at, amount(), note()).as((a, n, t) -> new Spec(Kind.FAR_FUTURE, a, n, t, NONE));
    }

    private Arbitrary<Spec> nonFinite() {
        return Combinators.combine(at(), Arbitraries.of("1e400", "-1e400", "NaN", "Infinity", "-Infinity", "1E+999999"), note())
                .as((a, n, t) -> new Spec(Kind.NON_FINITE, a, n, t, NONE));
    }
}
