package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.EventLog;
import io.kith.event.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a redaction leaves on disk: no byte of what it replaced in any file of the log directory, across many segments. */
class FileEventLogRedactionTest {
    @TempDir
    Path dir;

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private FileEventLog open() {
        return FileEventLog.open(dir, LogOptions.DEFAULTS.withSegmentBytes(1024).withIndexInterval(4), CommitListener.NONE);
    }

    @Test
    void noFileOfTheLogHoldsARedactedRecordAfterwardsAndEveryOtherRecordStays() throws IOException {
        List<String> written = new ArrayList<>();
        try (FileEventLog log = open()) {
            for (int i = 0; i < 400; i++) {
                String r = i % 37 == 5 ? "{\"email\":\"ada.lovelace-" + i + "@example.com\"}" : "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}";
                written.add(r);
                log.append(List.of(rec(r)));
            }
            assertThat(segmentFiles()).as("the test needs several segments").hasSizeGreaterThan(5);
            assertThat(bytesContain("ada.lovelace")).isTrue();

            EventLog.Redaction r = log.redact(log.endSequence(), (seq, payload) ->
                    new String(payload, StandardCharsets.UTF_8).contains("ada.lovelace") ? rec("{\"erased\":\"reg_1\"}") : null);

            assertThat(r.replaced()).isEqualTo(written.stream().filter(w -> w.contains("ada.lovelace")).count());
            assertThat(bytesContain("ada.lovelace")).isFalse();
            assertEverythingElseReadsBack(log, written);
            log.append(List.of(rec("after")));
        }
        try (FileEventLog again = open()) {
            assertThat(again.endSequence()).isEqualTo(401);
            assertEverythingElseReadsBack(again, written);
        }
        assertThat(bytesContain("ada.lovelace")).isFalse();
    }

    /** A redaction told where the records to replace can be reads only the segments there, and finds every one of them. */
    @Test
    void aRedactionReadsOnlyTheSegmentsThatMayHoldARecordToReplace() throws IOException {
        List<String> written = new ArrayList<>();
        try (FileEventLog log = open()) {
            for (int i = 0; i < 400; i++) {
                String r = i % 37 == 5 ? "{\"email\":\"ada.lovelace-" + i + "@example.com\"}" : "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}";
                written.add(r);
                log.append(List.of(rec(r)));
            }
            List<Long> read = new ArrayList<>();
            // the stretches holding sequences 5 + 37k, as a summary of the log would say (plus a false positive: 0-9)
            EventLog.Redaction r = log.redact(log.endSequence(), (seq, payload) -> {
                read.add(seq);
                return new String(payload, StandardCharsets.UTF_8).contains("ada.lovelace") ? rec("{\"erased\":\"reg_1\"}") : null;
            }, (from, to) -> {
                for (long s = from; s < to; s++) {
                    if (s % 37 == 5 || s < 10) {
                        return true;
                    }
                }
                return false;
            });
            assertThat(r.replaced()).isEqualTo(written.stream().filter(w -> w.contains("ada.lovelace")).count());
            assertThat(bytesContain("ada.lovelace")).isFalse();
            assertThat(read).as("segments that cannot hold one are not read").hasSizeLessThan(written.size() - 40);
            assertEverythingElseReadsBack(log, written);
        }
    }

    @Test
    void anUnfinishedCopyLeftByACrashIsRemovedAtOpen() throws IOException {
        try (FileEventLog log = open()) {
            log.append(List.of(rec("a")));
        }
        Path tmp = dir.resolve(String.format("%020d.seg.tmp", 0));
        Files.writeString(tmp, "half a copy with ada.lovelace@example.com");
        try (FileEventLog log = open()) {
            assertThat(log.read(0, 10)).hasSize(1);
        }
        assertThat(tmp).doesNotExist();
    }

    private static void assertEverythingElseReadsBack(EventLog log, List<String> written) {
        List<LogEntry> all = log.read(0, 1000);
        for (int i = 0; i < written.size(); i++) {
            String got = new String(all.get(i).payload(), StandardCharsets.UTF_8);
            assertThat(got).as("record %d", i).isEqualTo(written.get(i).contains("ada.lovelace") ? "{\"erased\":\"reg_1\"}" : written.get(i));
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }

    private boolean bytesContain(String text) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
