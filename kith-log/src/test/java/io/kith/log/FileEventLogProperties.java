package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.LogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
}
