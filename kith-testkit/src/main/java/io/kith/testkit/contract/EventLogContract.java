package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventLog;
import io.kith.event.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link EventLog} must do: the file log and the in-memory one run it. */
public abstract class EventLogContract {
    /** An empty log. */
    protected abstract EventLog newLog();

    /** The log of the last {@link #newLog()}, closed and opened again; null for a log that does not outlive its process. */
    protected abstract EventLog reopen();

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<LogEntry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void appendsGetDenseSequencesFromZeroAndReadBackInOrder() {
        try (EventLog log = newLog()) {
            assertThat(log.endSequence()).isZero();
            assertThat(log.append(List.of(rec("a"), rec("b")))).isZero();
            assertThat(log.append(List.of(rec("c")))).isEqualTo(2);
            assertThat(log.endSequence()).isEqualTo(3);
            assertThat(texts(log.read(0, 10))).containsExactly("a", "b", "c");
            assertThat(log.read(1, 1)).extracting(LogEntry::sequence).containsExactly(1L);
            assertThat(texts(log.read(1, 5))).containsExactly("b", "c");
            assertThat(log.read(3, 10)).isEmpty();
            assertThat(log.read(100, 10)).isEmpty();
        }
    }

    @Test
    void aRecordIsKeptAsAppendedNotAsTheCallerLaterChangesIt() {
        try (EventLog log = newLog()) {
            byte[] r = rec("original");
            log.append(List.of(r));
            r[0] = 'X';
            assertThat(texts(log.read(0, 1))).containsExactly("original");
        }
    }

    @Test
    void aNegativeSequenceIsRefusedClearly() {
        try (EventLog log = newLog()) {
            assertThatThrownBy(() -> log.read(-1, 1)).isInstanceOfSatisfying(KithException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void concurrentAppendersLoseNothingAndNeverShareASequence() throws Exception {
        try (EventLog log = newLog()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Long>> firsts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                for (int b = 0; b < 25; b++) {
                    int batch = b;
                    firsts.add(pool.submit(() -> log.append(List.of(rec(thread + "-" + batch + "-0"), rec(thread + "-" + batch + "-1")))));
                }
            }
            Set<Long> starts = new HashSet<>();
            for (Future<Long> f : firsts) {
                starts.add(f.get());
            }
            pool.shutdown();
            assertThat(starts).hasSize(100);
            List<LogEntry> all = log.read(0, 1_000);
            assertThat(all).hasSize(200);
            assertThat(texts(all)).doesNotHaveDuplicates();
            for (long s : starts) {
                // A batch's records lie next to each other, in the order given.
                String first = new String(all.get((int) s).payload(), StandardCharsets.UTF_8);
                assertThat(first).endsWith("-0");
                assertThat(new String(all.get((int) s + 1).payload(), StandardCharsets.UTF_8)).isEqualTo(first.substring(0, first.length() - 1) + "1");
            }
        }
    }

    @Test
    void awaitEndWakesOnAnAppendAndTimesOutWithoutOne() throws Exception {
        try (EventLog log = newLog()) {
            assertThat(log.awaitEnd(0, 20)).isFalse();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log.append(List.of(rec("x")));
            });
            assertThat(log.awaitEnd(0, 10_000)).isTrue();
            writer.join();
        }
    }

    @Test
    void anAppendAfterCloseFailsClearly() {
        EventLog log = newLog();
        log.close();
        assertThatThrownBy(() -> log.append(List.of(rec("late")))).isInstanceOf(KithException.class);
    }

    @Test
    void aDurableLogHoldsItsRecordsAfterAReopen() {
        EventLog log = newLog();
        log.append(List.of(rec("a"), rec("b")));
        log.close();
        EventLog again = reopen();
        if (again == null) {
            return; // a log that does not outlive its process promises nothing more
        }
        try (again) {
            assertThat(again.endSequence()).isEqualTo(2);
            assertThat(again.append(List.of(rec("c")))).isEqualTo(2);
            assertThat(texts(again.read(0, 10))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aRedactionReplacesTheChosenRecordsKeepingEverySequence() {
        try (EventLog log = newLog()) {
            for (int i = 0; i < 50; i++) {
                log.append(List.of(rec("keep-" + i), rec("secret-" + i)));
            }
            EventLog.Redaction r = log.redact(60, (seq, payload) -> new String(payload, StandardCharsets.UTF_8).startsWith("secret")
                    ? rec("X" + seq) : null);
            assertThat(r.replaced()).isEqualTo(30); // the secrets at 1, 3, ... 59
            assertThat(r.examined()).isGreaterThanOrEqualTo(60);
            assertThat(log.endSequence()).isEqualTo(100);
            List<String> all = texts(log.read(0, 200));
            assertThat(all).hasSize(100);
            for (int s = 0; s < 100; s++) {
                String expected = s % 2 == 0 ? "keep-" + s / 2 : s < 60 ? "X" + s : "secret-" + s / 2;
                assertThat(all.get(s)).as("record %d", s).isEqualTo(expected);
            }
            // Appends go on after a redaction, numbered after the last record.
            assertThat(log.append(List.of(rec("later")))).isEqualTo(100);
            // The same redaction again finds nothing more to replace.
            assertThat(log.redact(60, (seq, payload) -> new String(payload, StandardCharsets.UTF_8).startsWith("secret")
                    ? rec("X" + seq) : null).replaced()).isZero();
        }
    }

    @Test
    void aRedactedLogReadsTheSameAfterAReopen() {
        EventLog log = newLog();
        log.append(List.of(rec("a"), rec("private"), rec("c")));
        log.redact(3, (seq, payload) -> seq == 1 ? rec("erased") : null);
        log.close();
        EventLog again = reopen();
        if (again == null) {
            return;
        }
        try (again) {
            assertThat(texts(again.read(0, 10))).containsExactly("a", "erased", "c");
            assertThat(again.append(List.of(rec("d")))).isEqualTo(3);
        }
    }

    @Test
    void anEmptyReplacementIsRefused() {
        try (EventLog log = newLog()) {
            log.append(List.of(rec("a")));
            assertThatThrownBy(() -> log.redact(1, (seq, payload) -> new byte[0])).isInstanceOf(KithException.class);
            assertThat(texts(log.read(0, 1))).containsExactly("a");
        }
    }
}
