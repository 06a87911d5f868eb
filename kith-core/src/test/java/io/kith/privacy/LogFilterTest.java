package io.kith.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventLog;
import io.kith.event.EventParser;
import io.kith.event.LogEntry;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.identity.Extraction;
import io.kith.identity.IdentifierExtractor;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityRules;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The summary of the log an erasure reads by answers false positives only: every record that carries a value, or a
 * message, is in a block it says to read; unreadable records' blocks are always read, and so is everything past what it
 * has summarised. And it does leave out most of a log that does not hold the value.
 */
class LogFilterTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final LogRecordCodec CODEC = new LogRecordCodec(M);
    private static final Source WEB = new Source("src_web", "Web", "northwind", SourceKind.WEB, "GB", "wk_web");
    private static final IdentifierExtractor EXTRACTOR = new IdentifierExtractor(IdentityRules.defaults(), id -> "GB", id -> "web");
    private static final Function<Event, List<Identifier>> IDENTIFIERS =
            e -> EXTRACTOR.input(e).extraction().identifiers().stream().map(Extraction.Candidate::identifier).toList();

    /** One record: an event of a user with a cookie, maybe an email and phone, or (kind 9) bytes that are no record. */
    record Spec(int kind, int user, int anon, int email, int phone, int message) {
        byte[] bytes() {
            if (kind == 9) {
                return ("garbage u" + user).getBytes(StandardCharsets.UTF_8);
            }
            return CODEC.encode(new LogRecord.Accepted(event()));
        }

        Event event() {
            String traits = (email >= 0 ? "\"email\":\" Person" + email + "@Example.com\"," : "") + (phone >= 0 ? "\"phone\":\"07700 90012" + phone + "\"," : "")
                    + "\"plan\":\"x\"";
            String json = "{\"type\":\"identify\",\"messageId\":\"m" + message + "\"," + (user >= 0 ? "\"userId\":\"u" + user + "\"," : "")
                    + "\"anonymousId\":\"a" + anon + "\",\"traits\":{" + traits + "},\"timestamp\":\"2026-01-05T10:00:00Z\"}";
            try {
                ParseOutcome out = new EventParser().parse((ObjectNode) M.readTree(json), null, WEB, Instant.parse("2026-01-05T10:00:00Z"), "$");
                return ((ParseOutcome.Accepted) out).event();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    @Provide
    Arbitrary<List<Spec>> logs() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(-1, 40),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(-3, 20), Arbitraries.integers().between(-3, 9),
                Arbitraries.integers().between(0, 80)).as(Spec::new).list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 200)
    void neverMissesARecord(@ForAll("logs") List<Spec> specs, @ForAll @IntRange(min = 1, max = 64) int block,
                            @ForAll @IntRange(min = 0, max = 400) int summarised) {
        ListLog log = new ListLog(specs.stream().map(Spec::bytes).toList());
        LogFilter filter = new LogFilter(CODEC, IDENTIFIERS, block);
        filter.follow(log, summarised);
        for (int seq = 0; seq < specs.size(); seq++) {
            Spec s = specs.get(seq);
            if (s.kind() == 9) {
                assertThat(filter.candidates(List.of("u" + s.user()), List.of()).mayHold(seq)).isTrue();
                continue;
            }
            Event e = s.event();
            for (Identifier id : IDENTIFIERS.apply(e)) {
                LogFilter.Candidates c = filter.candidates(List.of(id.value()), List.of());
                assertThat(c.mayHold(seq)).as("record %d holds %s", seq, id).isTrue();
                assertThat(c.mayHold(seq, seq + 1)).isTrue();
                assertThat(c.mayHold(Math.max(0, seq - block), seq + block)).isTrue();
            }
            LogFilter.Candidates byMessage = filter.candidates(List.of(), List.of(new LogFilter.Message(e.sourceId(), e.messageId())));
            assertThat(byMessage.mayHold(seq)).isTrue();
        }
    }

    @Example
    void leavesOutTheBlocksThatCannotHoldTheValue() {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(new Spec(0, i, i, -1, -1, i).bytes());
        }
        ListLog log = new ListLog(records);
        LogFilter filter = new LogFilter(CODEC, IDENTIFIERS, 1_000);
        assertThat(filter.follow(log, Integer.MAX_VALUE)).isEqualTo(20_000);
        LogFilter.Candidates c = filter.candidates(List.of("u12345"), List.of());
        assertThat(c.mayHold(12_345)).isTrue();
        assertThat(c.blockCount()).isLessThanOrEqualTo(2); // its block, and rarely a false positive
        assertThat(c.blocks().get(0, 12).cardinality()).as("blocks 0-11, at most a false positive").isLessThanOrEqualTo(1);
        assertThat(c.mayHold(20_000)).as("past what it summarised").isTrue();
        assertThat(filter.candidates(Set.of("nobody@example.com"), List.of()).blockCount()).isLessThanOrEqualTo(1);
    }

    /** A log of fixed records. */
    private record ListLog(List<byte[]> records) implements EventLog {
        @Override
        public long append(List<byte[]> r) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LogEntry> read(long from, int max) {
            List<LogEntry> out = new ArrayList<>();
            for (long s = from; s < records.size() && out.size() < max; s++) {
                out.add(new LogEntry(s, records.get((int) s)));
            }
            return out;
        }

        @Override
        public long endSequence() {
            return records.size();
        }

        @Override
        public Redaction redact(long toSequence, Redactor redactor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
