package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.LogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer writes through one fixed-size buffer: groups and records larger than it must come back whole. */
class FileEventLogWriteBufferTest {
    @TempDir
    Path dir;

    @Test
    void recordsAndGroupsLargerThanTheWriteBufferReadBackWhole() {
        Random r = new Random(7);
        List<byte[]> written = new ArrayList<>();
        try (FileEventLog log = FileEventLog.open(dir)) {
            for (int size : new int[] {10, (4 << 20) - 8, (4 << 20) - 7, 9 << 20, 3, 1 << 20}) {
                byte[] b = new byte[size];
                r.nextBytes(b);
                written.add(b);
            }
            List<byte[]> many = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                byte[] b = new byte[1 + r.nextInt(700)];
                r.nextBytes(b);
                many.add(b);
            }
            log.append(written);
            log.append(many);
            written.addAll(many);
        }
        try (FileEventLog log = FileEventLog.open(dir)) {
            List<LogEntry> back = log.read(0, Integer.MAX_VALUE);
            assertThat(back).hasSize(written.size());
            for (int i = 0; i < written.size(); i++) {
                assertThat(back.get(i).sequence()).isEqualTo(i);
                assertThat(Arrays.equals(back.get(i).payload(), written.get(i))).as("record %d", i).isTrue();
            }
        }
    }
}
