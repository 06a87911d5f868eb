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
import io.kith.event.LogSegments;
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
        LogFilter filter = new LogFilter(CODEC, IDENTIFIERS, 42L, block);
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
        LogFilter filter = new LogFilter(CODEC, IDENTIFIERS, 42L, 1_000);
        assertThat(filter.follow(log, Integer.MAX_VALUE)).isEqualTo(20_000);
        LogFilter.Candidates c = filter.candidates(List.of("u12345"), List.of());
        assertThat(c.mayHold(12_345)).isTrue();
        assertThat(c.blockCount()).isLessThanOrEqualTo(2); // its block, and rarely a false positive
        assertThat(c.blocks().get(0, 12).cardinality()).as("blocks 0-11, at most a false positive").isLessThanOrEqualTo(1);
        assertThat(c.mayHold(20_000)).as("past what it summarised").isTrue();
        assertThat(filter.candidates(Set.of("nobody@example.com"), List.of()).blockCount()).isLessThanOrEqualTo(1);
    }

    /**
     * A start reads the summaries kept beside the sealed segments, and reads no record of those: it then answers what a
     * summary made by reading the whole log answers, for every value of the log and for values it does not hold.
     */
    @Property(tries = 100)
    void aStartReadsTheKeptSummariesAndAnswersAsReadingTheLog(@ForAll("logs") List<Spec> specs, @ForAll @IntRange(min = 1, max = 64) int block,
                                                               @ForAll @IntRange(min = 1, max = 120) int segment) {
        SegmentedLog log = new SegmentedLog(specs.stream().map(Spec::bytes).toList(), segment);
        LogFilter first = new LogFilter(CODEC, IDENTIFIERS, 42L, block);
        first.follow(log, Integer.MAX_VALUE);
        assertThat(log.summaries).hasSize(log.sealed().size());

        LogFilter again = new LogFilter(CODEC, IDENTIFIERS, 42L, block);
        long read = again.follow(log, Integer.MAX_VALUE);
        assertThat(read).as("only the segment being appended to is read").isEqualTo(specs.size() - log.sealedEnd());
        assertSameAnswers(specs, block, again, readWhole(new SegmentedLog(log.records, log), block));
        assertSameAnswers(specs, block, again, first);
    }

    /** A summary that does not hold (damaged, or kept under another key) is not used: its segment is read and summarised again. */
    @Example
    void aDamagedOrForeignSummaryIsMadeAgain() {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            records.add(new Spec(0, i % 200, i, i % 7, -1, i).bytes());
        }
        SegmentedLog log = new SegmentedLog(records, 1_000);
        new LogFilter(CODEC, IDENTIFIERS, 42L, 256).follow(log, Integer.MAX_VALUE);
        LogSegments.Sealed damaged = log.sealed().get(0);
        // the file log checks its own checksum; what reaches the filter may still be cut short or of another format
        byte[] bytes = java.util.Arrays.copyOf(log.summaries.get(damaged.from()), log.summaries.get(damaged.from()).length - 3);
        log.summaries.put(damaged.from(), bytes);
        LogFilter after = new LogFilter(CODEC, IDENTIFIERS, 42L, 256);
        assertThat(after.follow(log, Integer.MAX_VALUE)).as("the damaged segment and the one being appended to").isEqualTo(2_000);
        assertThat(log.summaries.get(damaged.from())).as("made again").isNotEqualTo(bytes);
        assertThat(new LogFilter(CODEC, IDENTIFIERS, 42L, 256).follow(log, Integer.MAX_VALUE)).isEqualTo(1_000);
        assertThat(new LogFilter(CODEC, IDENTIFIERS, 7L, 256).follow(log, Integer.MAX_VALUE)).as("another key: every record").isEqualTo(3_000);
        LogFilter.Candidates c = after.candidates(List.of("u12"), List.of());
        for (int seq = 12; seq < 3_000; seq += 200) {
            assertThat(c.mayHold(seq)).isTrue();
        }
    }

    /**
     * After a redaction (records replaced by stubs, the rewritten segments' summaries dropped by the log), the summary
     * still finds every record that remains: the rewritten segments are summarised again from what they hold.
     */
    @Property(tries = 100)
    void afterARedactionEveryRemainingRecordIsFound(@ForAll("logs") List<Spec> specs, @ForAll @IntRange(min = 1, max = 64) int block,
                                                    @ForAll @IntRange(min = 1, max = 120) int segment, @ForAll("erased") Set<Integer> users) {
        SegmentedLog log = new SegmentedLog(specs.stream().map(Spec::bytes).toList(), segment);
        LogFilter filter = new LogFilter(CODEC, IDENTIFIERS, 42L, block);
        filter.follow(log, Integer.MAX_VALUE);
        byte[] stub = CODEC.encode(new LogRecord.Erased("reg_1"));
        List<byte[]> after = new ArrayList<>(log.records);
        for (int seq = 0; seq < specs.size(); seq++) {
            if (specs.get(seq).kind() != 9 && users.contains(specs.get(seq).user())) {
                after.set(seq, stub);
            }
        }
        log.rewrite(after);
        filter.follow(log, Integer.MAX_VALUE);
        LogFilter restarted = new LogFilter(CODEC, IDENTIFIERS, 42L, block);
        restarted.follow(log, Integer.MAX_VALUE);
        for (LogFilter f : List.of(filter, restarted)) {
            for (int seq = 0; seq < specs.size(); seq++) {
                Spec s = specs.get(seq);
                if (s.kind() == 9 || after.get(seq) == stub) {
                    continue;
                }
                for (Identifier id : IDENTIFIERS.apply(s.event())) {
                    assertThat(f.candidates(List.of(id.value()), List.of()).mayHold(seq)).as("record %d holds %s", seq, id).isTrue();
                }
            }
        }
        assertSameAnswers(specs, block, restarted, readWhole(new SegmentedLog(after, log), block));
        assertSameAnswers(specs, block, filter, restarted);
    }

    @Provide
    Arbitrary<Set<Integer>> erased() {
        return Arbitraries.integers().between(-1, 40).set().ofMaxSize(10);
    }

    /** A summary made by reading every record of a log cut in the same segments, none of them summarised yet. */
    private static LogFilter readWhole(SegmentedLog log, int block) {
        LogFilter f = new LogFilter(CODEC, IDENTIFIERS, 42L, block);
        assertThat(f.follow(log, Integer.MAX_VALUE)).isEqualTo(log.records.size());
        return f;
    }

    /** Both filters mark the same blocks for each value of the log, a message, and a value it does not hold. */
    private static void assertSameAnswers(List<Spec> specs, int block, LogFilter a, LogFilter b) {
        assertThat(a.coveredTo()).isEqualTo(b.coveredTo());
        List<String> values = new ArrayList<>(List.of("nobody@example.com"));
        for (Spec s : specs) {
            if (s.kind() != 9) {
                IDENTIFIERS.apply(s.event()).forEach(id -> values.add(id.value()));
            }
        }
        for (String v : values) {
            assertThat(a.candidates(List.of(v), List.of()).blocks()).as(v).isEqualTo(b.candidates(List.of(v), List.of()).blocks());
        }
        List<LogFilter.Message> m = List.of(new LogFilter.Message("src_web", "m3"));
        assertThat(a.candidates(List.of(), m).blocks()).isEqualTo(b.candidates(List.of(), m).blocks());
    }

    /**
     * A log of fixed records in segments of {@code segment} records (the last one being appended to), keeping the
     * summaries written beside its sealed segments; a rewrite gives the segments whose records changed a new generation
     * and drops their summaries, as the file log does.
     */
    private static final class SegmentedLog extends ListLog implements LogSegments {
        /** One past the last record of each sealed segment. */
        final List<Long> ends = new ArrayList<>();
        final java.util.Map<Long, byte[]> summaries = new java.util.HashMap<>();
        final java.util.Map<Long, Long> generations = new java.util.HashMap<>();

        SegmentedLog(List<byte[]> records, int segment) {
            super(records);
            for (long end = segment; end < records.size(); end += segment) {
                ends.add(end);
            }
        }

        /** The same records in the segments of {@code cut}, none summarised. */
        SegmentedLog(List<byte[]> records, SegmentedLog cut) {
            super(records);
            ends.addAll(cut.ends);
        }

        long sealedEnd() {
            return ends.isEmpty() ? 0 : ends.get(ends.size() - 1);
        }

        /** As a redaction does: the segment being appended to sealed first, then the segments whose records change rewritten. */
        void rewrite(List<byte[]> after) {
            if (sealedEnd() < records.size()) {
                ends.add((long) records.size());
            }
            for (Sealed s : sealed()) {
                for (long seq = s.from(); seq < s.to(); seq++) {
                    if (after.get((int) seq) != records.get((int) seq)) {
                        generations.merge(s.from(), 1L, Long::sum);
                        summaries.remove(s.from());
                        break;
                    }
                }
            }
            records = after;
        }

        @Override
        public long generationAt(long sequence) {
            long from = 0;
            for (long end : ends) {
                if (sequence < end) {
                    break;
                }
                from = end;
            }
            return generations.getOrDefault(from, 0L);
        }

        @Override
        public List<Sealed> sealed() {
            List<Sealed> out = new ArrayList<>();
            long from = 0;
            for (long end : ends) {
                out.add(new Sealed(from, end, generations.getOrDefault(from, 0L)));
                from = end;
            }
            return out;
        }

        @Override
        public java.util.Optional<byte[]> readSummary(Sealed s) {
            return sealed().contains(s) ? java.util.Optional.ofNullable(summaries.get(s.from())) : java.util.Optional.empty();
        }

        @Override
        public void writeSummary(Sealed s, byte[] summary) {
            if (sealed().contains(s)) {
                summaries.put(s.from(), summary);
            }
        }

    }

    /** A log of fixed records. */
    private static class ListLog implements EventLog {
        List<byte[]> records;

        ListLog(List<byte[]> records) {
            this.records = records;
        }

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
