package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.LogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FileEventLogProperties {
    /** Whatever is appended, in whatever batches and across reopens and segment rolls, reads back unchanged. */
    @Property(tries = 40)
    void readsBackExactlyWhatWasAppended(@ForAll @Size(min = 1, max = 30) List<@Size(min = 1, max = 12) List<@Size(min = 1, max = 300) byte[]>> batches,
                                         @ForAll @IntRange(min = 1, max = 50) int chunk,
                                         @ForAll @IntRange(min = 0, max = 30) int reopenAt) throws IOException {
        Path dir = Files.createTempDirectory("kith-log-prop");
        LogOptions tiny = new LogOptions(2048, 1L << 30, 3);
        List<byte[]> expected = new ArrayList<>();
        try {
            FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE);
            for (int i = 0; i < batches.size(); i++) {
                if (i == reopenAt) {
                    log.close();
                    log = FileEventLog.open(dir, tiny, CommitListener.NONE);
                }
                assertThat(log.append(batches.get(i))).isEqualTo(expected.size());
                expected.addAll(batches.get(i));
            }
            List<LogEntry> read = new ArrayList<>();
            for (long from = 0; from < log.endSequence(); ) {
                List<LogEntry> part = log.read(from, chunk);
                read.addAll(part);
                from += part.size();
            }
            log.close();
            assertThat(read).hasSize(expected.size());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).sequence()).isEqualTo(i);
                assertThat(read.get(i).payload()).isEqualTo(expected.get(i));
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A redaction replaces exactly the records the redactor names, with replacements shorter or longer than them (so
     * the bytes after each move), across segments and index slots, records larger than the rewrite's header window
     * included; everything else reads back byte for byte, before and after the log is opened again from its sidecars.
     */
    @Property(tries = 60)
    void aRedactionReplacesExactlyWhatItNamesAndKeepsTheRest(
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 1, max = 400) Integer> sizes,
            @ForAll @Size(max = 40) Set<@IntRange(min = 0, max = 119) Integer> replace,
            @ForAll @IntRange(min = 1, max = 300) int replacementSize,
            @ForAll boolean largeRecord,
            @ForAll boolean reopen) throws IOException {
        Path dir = Files.createTempDirectory("kith-log-prop");
        LogOptions tiny = new LogOptions(4096, 1L << 30, 4);
        List<byte[]> expected = new ArrayList<>();
        try {
            FileEventLog log = FileEventLog.open(dir, tiny, CommitListener.NONE);
            for (int i = 0; i < sizes.size(); i++) {
                // one record larger than the 64 KiB window in which a rewrite reads the frame headers
                byte[] r = new byte[largeRecord && i == sizes.size() / 2 ? 70_000 : sizes.get(i)];
                java.util.Arrays.fill(r, (byte) ('a' + i % 26));
                log.append(List.of(r));
                expected.add(r);
            }
            // the last segment is never rewritten: a record past the segment size closes the one before, so that the
            // last holds only 'z' and every named record can be replaced
            byte[] filler = new byte[5000];
            log.append(List.of(filler));
            expected.add(filler);
            log.append(List.of(new byte[] {'z'}));
            expected.add(new byte[] {'z'});
            TreeSet<Long> named = new TreeSet<>();
            for (int i : replace) {
                if (i < sizes.size()) {
                    named.add((long) i);
                }
            }
            List<Long> replaced = new ArrayList<>();
            log.redact(log.endSequence(), (seq, payload) -> {
                if (!named.contains(seq)) {
                    return null;
                }
                replaced.add(seq);
                byte[] stub = new byte[replacementSize];
                java.util.Arrays.fill(stub, (byte) '#');
                return stub;
            });
            for (long seq : replaced) {
                byte[] stub = new byte[replacementSize];
                java.util.Arrays.fill(stub, (byte) '#');
                expected.set((int) seq, stub);
            }
            if (reopen) {
                log.close();
                log = FileEventLog.open(dir, tiny, CommitListener.NONE);
            }
            List<LogEntry> read = log.read(0, Integer.MAX_VALUE);
            log.close();
            assertThat(read).hasSize(expected.size());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).payload()).as("record " + i).isEqualTo(expected.get(i));
            }
            assertThat(replaced).containsExactlyElementsOf(named);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
