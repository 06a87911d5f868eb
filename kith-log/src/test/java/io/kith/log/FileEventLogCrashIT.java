package io.kith.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.LogEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process that is appending loses no acknowledged record. */
class FileEventLogCrashIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        for (int round = 0; round < 3; round++) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashingAppender.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Map<Long, String> acked = new HashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("ready");
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
                String line;
                boolean killed = false;
                while ((line = out.readLine()) != null) {
                    String[] parts = line.split(" ");
                    acked.put(Long.parseLong(parts[1]), parts[2]);
                    if (System.nanoTime() > killAt && !killed) {
                        // SIGKILL from outside: no shutdown hooks, no flush. (Process.destroyForcibly would also
                        // close our end of the pipe, losing acknowledgements still in it.)
                        new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor();
                        killed = true;
                    }
                }
            }
            child.waitFor(10, TimeUnit.SECONDS);
            assertThat(acked).as("round %d acknowledged records", round).isNotEmpty();
            try (FileEventLog log = FileEventLog.open(dir)) {
                List<LogEntry> all = log.read(0, Integer.MAX_VALUE);
                assertThat(all.size()).isGreaterThanOrEqualTo(acked.size());
                for (Map.Entry<Long, String> ack : acked.entrySet()) {
                    String stored = new String(all.get(ack.getKey().intValue()).payload(), StandardCharsets.UTF_8);
                    assertThat(stored).startsWith(ack.getValue() + ":");
                }
                long end = log.endSequence();
                assertThat(log.append(List.of("after-crash".getBytes(StandardCharsets.UTF_8)))).isEqualTo(end);
            }
        }
    }
}
