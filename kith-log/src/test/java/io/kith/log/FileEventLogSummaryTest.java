package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.LogSegments;
import io.kith.event.ParseOutcome;
import io.kith.identity.Identifier;
import io.kith.privacy.LogFilter;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summaries kept beside sealed segments ({@link LogSegments}): read back across a restart, ignored when damaged or
 * when the segment is no longer the one summarised, deleted by a rewrite; and, with the privacy worker's {@link LogFilter}
 * on top, a restart reads the kept summaries instead of the log and answers as reading the log does.
 */
class FileEventLogSummaryTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final LogRecordCodec CODEC = new LogRecordCodec(M);
    private static final Source WEB = new Source("src_web", "Web", "northwind", SourceKind.WEB, "GB", "wk_web");

    @TempDir
    Path dir;

    private FileEventLog open() {
        return FileEventLog.open(dir, LogOptions.DEFAULTS.withSegmentBytes(4096).withIndexInterval(4), CommitListener.NONE);
    }

    private static byte[] event(int i) {
        String json = "{\"type\":\"page\",\"messageId\":\"m" + i + "\",\"userId\":\"u" + (i % 50) + "\",\"anonymousId\":\"a" + i
                + "\",\"timestamp\":\"2026-01-05T10:00:00Z\"}";
        try {
            ParseOutcome out = new EventParser().parse((ObjectNode) M.readTree(json), null, WEB, Instant.parse("2026-01-05T10:00:00Z"), "$");
            return CODEC.encode(new LogRecord.Accepted(((ParseOutcome.Accepted) out).event()));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Identifier> identifiers(Event e) {
        return List.of(new Identifier("user_id", e.userId()), new Identifier("anonymous_id", e.anonymousId()));
    }

    private static LogFilter filter() {
        return new LogFilter(CODEC, FileEventLogSummaryTest::identifiers, 42L);
    }

    private static void append(FileEventLog log, int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(List.of(event(i)));
        }
    }

    @Test
    void aSummaryIsKeptAcrossARestartAndDroppedWhenDamagedOrRewritten() throws IOException {
        try (FileEventLog log = open()) {
            append(log, 0, 200);
            List<LogSegments.Sealed> sealed = log.sealed();
            assertThat(sealed).as("the test needs several sealed segments").hasSizeGreaterThan(3);
            assertThat(sealed.get(sealed.size() - 1).to()).isLessThanOrEqualTo(log.endSequence());
            for (LogSegments.Sealed s : sealed) {
                log.writeSummary(s, ("summary of " + s.from()).getBytes());
            }
            assertThat(log.readSummary(sealed.get(1))).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("summary of " + sealed.get(1).from()));
        }
        Files.writeString(dir.resolve(String.format("%020d.sum.tmp", 0)), "an unfinished write");
        try (FileEventLog log = open()) {
            assertThat(Files.exists(dir.resolve(String.format("%020d.sum.tmp", 0)))).as("an unfinished write is deleted at open").isFalse();
            List<LogSegments.Sealed> sealed = log.sealed();
            assertThat(new String(log.readSummary(sealed.get(2)).orElseThrow())).isEqualTo("summary of " + sealed.get(2).from());

            Path third = dir.resolve(String.format("%020d.sum", sealed.get(3).from()));
            byte[] damaged = Files.readAllBytes(third);
            damaged[damaged.length / 2] ^= 0x01;
            Files.write(third, damaged);
            assertThat(log.readSummary(sealed.get(3))).as("a damaged summary").isEmpty();

            LogSegments.Sealed first = sealed.get(0);
            log.redact(log.endSequence(), (seq, payload) -> seq == first.from() + 1 ? CODEC.encode(new LogRecord.Erased("reg_1")) : null);
            assertThat(log.readSummary(first)).as("the segment as it was before the rewrite").isEmpty();
            LogSegments.Sealed rewritten = log.sealed().get(0);
            assertThat(rewritten.generation()).isNotEqualTo(first.generation());
            assertThat(log.readSummary(rewritten)).as("a rewrite deletes the summary").isEmpty();
            assertThat(Files.exists(dir.resolve(String.format("%020d.sum", first.from())))).isFalse();
            assertThat(log.readSummary(log.sealed().get(1))).as("the others stay").isPresent();
        }
    }

    /**
     * Start, append, seal, restart: the second start reads no record of the sealed segments, and answers what a summary
     * made by reading the whole log answers; a damaged summary's segment is read again and its summary written anew.
     */
    @Test
    void aRestartReadsTheKeptSummariesInsteadOfTheLog() throws IOException {
        LogFilter first = filter();
        long sealedEnd;
        try (FileEventLog log = open()) {
            append(log, 0, 150);
            first.follow(log, Integer.MAX_VALUE);
            append(log, 150, 300); // summarised as it comes, segments sealed meanwhile
            first.follow(log, Integer.MAX_VALUE);
            List<LogSegments.Sealed> sealed = log.sealed();
            sealedEnd = sealed.get(sealed.size() - 1).to();
            for (LogSegments.Sealed s : sealed) {
                assertThat(log.readSummary(s)).as("segment from %d", s.from()).isPresent();
            }
        }
        try (FileEventLog log = open()) {
            LogFilter again = filter();
            assertThat(again.follow(log, Integer.MAX_VALUE)).as("only the segment being appended to is read").isEqualTo(300 - sealedEnd);
            for (int i = 0; i < 300; i++) {
                List<String> values = List.of("u" + (i % 50), "a" + i);
                LogFilter.Candidates c = again.candidates(values, List.of());
                assertThat(c.mayHold(i)).isTrue();
                assertThat(c.blocks()).isEqualTo(first.candidates(values, List.of()).blocks());
            }
            assertThat(again.candidates(List.of("nobody"), List.of()).blocks()).isEqualTo(first.candidates(List.of("nobody"), List.of()).blocks());

            LogSegments.Sealed damaged = log.sealed().get(1);
            Path file = dir.resolve(String.format("%020d.sum", damaged.from()));
            byte[] bytes = Files.readAllBytes(file);
            bytes[40] ^= 0x01;
            Files.write(file, bytes);
        }
        try (FileEventLog log = open()) {
            LogSegments.Sealed damaged = log.sealed().get(1);
            assertThat(filter().follow(log, Integer.MAX_VALUE)).isEqualTo(300 - sealedEnd + damaged.to() - damaged.from());
            assertThat(log.readSummary(damaged)).as("written anew").isPresent();
            assertThat(filter().follow(log, Integer.MAX_VALUE)).isEqualTo(300 - sealedEnd);
        }
    }
}
