package io.kith.bench;

import io.kith.event.LogEntry;
import io.kith.log.CommitListener;
import io.kith.log.FileEventLog;
import io.kith.log.LogOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Start-up time. By default, opening the event log: how long a start takes to get the log ready with the sealed
 * segments' sidecars, against the same log checked record by record (the sidecars deleted, as before they existed);
 * writes a log of {@code --events} analytics-sized records into {@code --dir} first unless one is there. With
 * {@code --server}, a whole server ({@link ServerStartup}): process start to the first HTTP answer, identity ready, from
 * the identity snapshot and without it.
 */
@Command(name = "startup", mixinStandardHelpOptions = true, description = "Start-up time: the event log's opening (sidecars against a full "
        + "check), or with --server a whole server's start with and without the identity snapshot.")
final class StartupBench implements Callable<Integer> {
    @Option(names = "--server", description = "Time a whole server's start (process start to serving HTTP with identity ready), from the "
            + "identity snapshot and from every event.")
    boolean server;

    @Option(names = "--identity", description = "Time only identity's part of a start: a rebuild from every stored event against "
            + "loading the snapshot, on a DuckDB store filled directly (for sizes whose derived path takes too long here).")
    boolean identity;

    @Option(names = "--people", defaultValue = "100000", description = "With --server: people the events are of (default: 100,000).")
    int people;

    @Option(names = "--heap", defaultValue = "4g", description = "With --server: the started server's -Xmx (default: 4g).")
    String heap;

    @Option(names = "--store", description = "With --server: a PostgreSQL URL instead of the embedded DuckDB store.")
    String store;

    @Option(names = "--events", defaultValue = "1000000", description = "Records in the log (default: 1,000,000).")
    long events;

    @Option(names = "--dir", description = "Where the log is (kept), default a temporary directory (deleted).")
    Path dir;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (identity) {
            return new GraphStartup(events, people, dir, runs).run();
        }
        if (server) {
            return new ServerStartup(events, people, dir, runs, heap, store).run();
        }
        boolean temporary = dir == null;
        Path logDir = temporary ? Files.createTempDirectory("kith-startup") : dir;
        try {
            fill(logDir);
            long bytes;
            try (Stream<Path> s = Files.list(logDir)) {
                bytes = s.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("log: %,d records, %,d MB in %s%n", events, bytes >> 20, logDir);
            for (int run = 1; run <= runs; run++) {
                long withSidecars = open(logDir);
                deleteSidecars(logDir);
                long checked = open(logDir); // checks every record, and writes the sidecars again
                System.out.printf("run %d: open with sidecars %,d ms | open checking every record %,d ms%n", run, withSidecars, checked);
            }
        } finally {
            if (temporary) {
                try (Stream<Path> s = Files.walk(logDir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    private void fill(Path logDir) {
        try (FileEventLog log = FileEventLog.open(logDir, LogOptions.DEFAULTS, CommitListener.NONE)) {
            long have = log.endSequence();
            byte[] record = ("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u000000\",\"properties\":{\"sku\":\"SKU-1\","
                    + "\"price\":19.9},\"context\":{\"ip\":\"10.0.0.1\",\"userAgent\":\"" + "Mozilla/5.0 ".repeat(30) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            List<byte[]> batch = new ArrayList<>(1_000);
            for (long i = have; i < events; i++) {
                batch.add(record);
                if (batch.size() == 1_000 || i == events - 1) {
                    log.append(batch);
                    batch = new ArrayList<>(1_000);
                }
            }
        }
    }

    private static long open(Path logDir) {
        long t0 = System.nanoTime();
        try (FileEventLog log = FileEventLog.open(logDir, LogOptions.DEFAULTS, CommitListener.NONE)) {
            List<LogEntry> last = log.read(log.endSequence() - 1, 1);
            if (last.isEmpty()) {
                throw new IllegalStateException("the log is empty");
            }
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    private static void deleteSidecars(Path logDir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(logDir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".idx")).toList()) {
                Files.delete(p);
            }
        }
    }
}
