package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.LogEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventLogTest {
    @TempDir
    Path dir;

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<LogEntry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void appendsAndReadsBackWithDenseSequences() {
        try (FileEventLog log = FileEventLog.open(dir)) {
            assertThat(log.append(List.of(rec("a"), rec("b")))).isZero();
            assertThat(log.append(List.of(rec("c")))).isEqualTo(2);
            assertThat(log.endSequence()).isEqualTo(3);
            assertThat(texts(log.read(0, 10))).containsExactly("a", "b", "c");
            assertThat(log.read(1, 1)).extracting(LogEntry::sequence).containsExactly(1L);
            assertThat(log.read(3, 10)).isEmpty();
        }
    }

    @Test
    void reopenContinuesTheSequenceAcrossSegments() throws IOException {
        LogOptions tiny = LogOptions.DEFAULTS.withSegmentBytes(1024);
        try (FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE)) {
            for (int i = 0; i < 100; i++) {
                log.append(List.of(rec("record-" + i + "-" + "x".repeat(50))));
            }
        }
        try (FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE)) {
            assertThat(segmentFiles()).hasSizeGreaterThan(3);
            assertThat(log.endSequence()).isEqualTo(100);
            assertThat(log.append(List.of(rec("after")))).isEqualTo(100);
            List<String> all = texts(log.read(0, 1000));
            assertThat(all).hasSize(101);
            assertThat(all.get(57)).startsWith("record-57-");
            assertThat(all.get(100)).isEqualTo("after");
        }
    }

    @Test
    void concurrentAppendersLoseNothingAndShareCommits() throws Exception {
        List<int[]> commits = new ArrayList<>();
        CommitListener listener = (records, bytes, nanos) -> {
            synchronized (commits) {
                commits.add(new int[] {records});
            }
        };
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (FileEventLog log = FileEventLog.open(dir, LogOptions.DEFAULTS, listener)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String id = thread + ":" + i;
                        log.append(List.of(rec(id), rec(id + "b")));
                        acknowledged.add(id);
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            List<LogEntry> all = log.read(0, 100_000);
            assertThat(all).hasSize(8_000);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).sequence()).isEqualTo(i);
            }
            Set<String> stored = new HashSet<>(texts(all));
            assertThat(stored).hasSize(8_000).containsAll(acknowledged);
            // a batch's records stay adjacent
            List<String> t = texts(all);
            for (int i = 0; i < t.size(); i += 2) {
                assertThat(t.get(i + 1)).isEqualTo(t.get(i) + "b");
            }
        }
        assertThat(commits.size()).as("group commit: fewer fsyncs than appends").isLessThan(4_000);
    }

    @Test
    void tornTailIsCutOffAndTheLogStaysAppendable() throws IOException {
        try (FileEventLog log = FileEventLog.open(dir)) {
            log.append(List.of(rec("one"), rec("two"), rec("three")));
        }
        Path seg = segmentFiles().get(0);
        long size = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size - 2); // a crash in the middle of the last record
        }
        try (FileEventLog log = FileEventLog.open(dir)) {
            assertThat(texts(log.read(0, 10))).containsExactly("one", "two");
            assertThat(log.append(List.of(rec("four")))).isEqualTo(2);
        }
        try (FileEventLog log = FileEventLog.open(dir)) {
            assertThat(texts(log.read(0, 10))).containsExactly("one", "two", "four");
        }
    }

    @Test
    void checksumMismatchAndGarbageTailAreCutOff() throws IOException {
        try (FileEventLog log = FileEventLog.open(dir)) {
            log.append(List.of(rec("one"), rec("two")));
        }
        Path seg = segmentFiles().get(0);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write('X'); // flips the last byte of "two"
            f.seek(f.length());
            f.write(new byte[100]); // zero-filled pages after a crash
        }
        try (FileEventLog log = FileEventLog.open(dir)) {
            assertThat(texts(log.read(0, 10))).containsExactly("one");
            assertThat(Files.size(seg)).isEqualTo(Segment.HEADER + 3);
        }
    }

    @Test
    void corruptionInAnOlderSegmentIsReportedNotRepaired() throws IOException {
        LogOptions tiny = LogOptions.DEFAULTS.withSegmentBytes(1024);
        try (FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE)) {
            for (int i = 0; i < 60; i++) {
                log.append(List.of(rec("record-" + i + "-" + "x".repeat(50))));
            }
        }
        Path first = segmentFiles().get(0);
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(20);
            f.write('#');
        }
        // Opening reads the sealed segment's sidecar, not its records: the damage is found by the read that meets it.
        try (FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE)) {
            assertThat(log.endSequence()).isEqualTo(60);
            assertThat(texts(log.read(30, 100))).hasSize(30);
            assertThatThrownBy(() -> log.read(0, 100))
                    .isInstanceOf(KithException.class)
                    .hasMessageContaining(first.getFileName().toString())
                    .hasMessageContaining("fails its checksum");
        }
        // Without its sidecar the segment is checked at start, as before sidecars: a damaged sealed segment stops it.
        Files.delete(SegmentSidecar.pathOf(first));
        assertThatThrownBy(() -> FileEventLog.open(dir, tiny, CommitListener.NONE))
                .isInstanceOf(KithException.class)
                .hasMessageContaining(first.getFileName().toString())
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void sealedSegmentsOpenFromTheirSidecarsAndASidecarThatDoesNotHoldIsRebuilt() throws IOException {
        LogOptions tiny = LogOptions.DEFAULTS.withSegmentBytes(1024).withIndexInterval(4);
        try (FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE)) {
            for (int i = 0; i < 200; i++) {
                log.append(List.of(rec("record-" + i + "-" + "x".repeat(i % 7 * 10))));
            }
        }
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSizeGreaterThan(5);
        for (Path seg : segments.subList(0, segments.size() - 1)) {
            assertThat(SegmentSidecar.pathOf(seg)).exists();
        }
        assertThat(SegmentSidecar.pathOf(segments.get(segments.size() - 1))).doesNotExist(); // the open one has none
        // One sidecar garbled, one about another size of file, one gone: each of those segments is checked again.
        Files.write(SegmentSidecar.pathOf(segments.get(0)), new byte[] {1, 2, 3});
        byte[] second = Files.readAllBytes(SegmentSidecar.pathOf(segments.get(1)));
        Files.write(SegmentSidecar.pathOf(segments.get(2)), second);
        Files.delete(SegmentSidecar.pathOf(segments.get(3)));
        for (int round = 0; round < 2; round++) {
            try (FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE)) {
                assertThat(log.endSequence()).isEqualTo(200 + round);
                List<String> all = texts(log.read(0, 1_000));
                assertThat(all).hasSize(200 + round);
                for (int i = 0; i < 200; i += 13) {
                    assertThat(all.get(i)).isEqualTo("record-" + i + "-" + "x".repeat(i % 7 * 10));
                    assertThat(texts(log.read(i, 1))).containsExactly(all.get(i)); // the sparse index, restored, seeks right
                }
                log.append(List.of(rec("after")));
            }
        }
        for (Path seg : segments.subList(0, 4)) {
            assertThat(SegmentSidecar.read(seg, Long.parseLong(seg.getFileName().toString().substring(0, 20)), Files.size(seg), 4)).isPresent();
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryFails() {
        try (FileEventLog log = FileEventLog.open(dir)) {
            assertThatThrownBy(() -> FileEventLog.open(dir)).isInstanceOf(KithException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void saturatedLogRefusesWithOverloaded() {
        try (FileEventLog log = FileEventLog.open(dir, LogOptions.DEFAULTS.withMaxPendingBytes(1), CommitListener.NONE)) {
            // one append alone is never refused (nothing else waits), so the log still makes progress
            assertThat(log.append(List.of(rec("x".repeat(100))))).isZero();
        }
        KithException overloaded = new KithException(ErrorCode.OVERLOADED, "x");
        assertThat(overloaded.kind()).isEqualTo(io.kith.error.ErrorKind.RESOURCE_EXHAUSTED);
    }

    @Test
    void appendAfterCloseFailsClearly() {
        FileEventLog log = FileEventLog.open(dir);
        log.close();
        assertThatThrownBy(() -> log.append(List.of(rec("x")))).isInstanceOf(KithException.class).hasMessageContaining("closed");
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
