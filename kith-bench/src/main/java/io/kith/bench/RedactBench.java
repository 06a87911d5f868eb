package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.Event;
import io.kith.event.EventLog;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.identity.Identifier;
import io.kith.log.FileEventLog;
import io.kith.privacy.LogFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kith bench redact}: the event log's part of an erasure at a size the whole-pipeline bench ({@code bench erasure})
 * cannot be set up at here — one person's records, then a batch of people's, found through the log's summary
 * ({@link LogFilter}) and replaced by erasure stubs in the log's segment files ({@link EventLog#redact}). The log is the
 * generator of {@code bench rebuild} (each person's events spread uniformly over the whole log, the worst case for a
 * rewrite: one person touches most segments). The store purge and identity are not part of it (see {@code bench erasure}).
 */
@Command(name = "redact", mixinStandardHelpOptions = true, description = "The event log's part of erasures: one person, then a batch, in a large log.")
final class RedactBench implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "10000000")
    int events;

    @Option(names = "--people", defaultValue = "1000000")
    int people;

    @Option(names = "--batch", defaultValue = "10000", description = "People erased together in the second pass.")
    int batch;

    @Option(names = "--dir", description = "Keep the generated log here and take it from there next time (the same --events and --people); "
            + "each run erases other people.")
    Path keep;

    @Override
    public Integer call() throws Exception {
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("kith-bench-redact");
        Path logDir = dir.resolve("log");
        Path ready = dir.resolve("generated-" + events + "-" + people);
        if (!Files.exists(ready)) {
            RebuildBench.writeLog(logDir, events, people);
            Files.writeString(ready, "0");
        }
        int run = Integer.parseInt(Files.readString(ready).trim());
        Files.writeString(ready, Integer.toString(run + 1));
        LogRecordCodec codec = new LogRecordCodec(new ObjectMapper());
        try (FileEventLog log = FileEventLog.open(logDir)) {
            long t0 = System.nanoTime();
            LogFilter filter = summarise(log, codec);
            System.out.printf("log of %,d records summarised in %.2f s (a start: the summaries kept beside the sealed segments read, "
                    + "the others' segments read and their summaries written)%n", log.endSequence(), (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            filter = summarise(log, codec);
            System.out.printf("the next start: summarised again in %.2f s (from the summaries kept beside the %d sealed segments, %,d bytes; "
                    + "the %,d records of the segment being appended to read)%n", (System.nanoTime() - t0) / 1e9, log.sealed().size(), summaryBytes(logDir),
                    log.endSequence() - (log.sealed().isEmpty() ? 0 : log.sealed().get(log.sealed().size() - 1).to()));
            SplittableRandom r = new SplittableRandom(1000 + run);
            Set<Integer> one = Set.of(r.nextInt(people));
            erase(log, filter, codec, one, "one person");
            Set<Integer> many = new HashSet<>();
            while (many.size() < batch) {
                many.add(r.nextInt(people));
            }
            many.removeAll(one);
            erase(log, filter, codec, many, "a batch of " + many.size() + " people");
            long t1 = System.nanoTime();
            summarise(log, codec);
            System.out.printf("a start after the erasures: summarised in %.2f s (the rewritten segments read again)%n", (System.nanoTime() - t1) / 1e9);
        }
        if (keep == null) {
            System.out.println("log left in " + dir + " (delete it when done)");
        }
        return 0;
    }

    private static long summaryBytes(Path logDir) throws java.io.IOException {
        try (var files = Files.list(logDir)) {
            long n = 0;
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".sum")).toList()) {
                n += Files.size(p);
            }
            return n;
        }
    }

    /** The summary a server builds at a start, as it follows its log (a fixed seed: the bench has no privacy key). */
    private static LogFilter summarise(FileEventLog log, LogRecordCodec codec) {
        LogFilter filter = new LogFilter(codec, RedactBench::identifiers, 0x5eed_5eedL);
        while (filter.follow(log, 1 << 20) > 0) {
            // the background turns of a server's privacy worker, back to back
        }
        return filter;
    }

    private static void erase(FileEventLog log, LogFilter filter, LogRecordCodec codec, Set<Integer> people, String what) {
        long t0 = System.nanoTime();
        Set<String> values = new HashSet<>();
        for (int p : people) {
            values.add("u" + p);
            for (int k = 0; k < 3; k++) {
                values.add("c" + p + "-" + k);
            }
        }
        LogFilter.Candidates candidates = filter.candidates(values, List.of());
        byte[] stub = codec.encode(new LogRecord.Erased("reg_bench"));
        long[] decoded = new long[1];
        EventLog.Redaction done = log.redact(log.endSequence(), (seq, payload) -> {
            if (!candidates.mayHold(seq)) {
                return null;
            }
            decoded[0]++;
            return codec.decode(payload) instanceof LogRecord.Accepted a && theirs(a.event(), values) ? stub : null;
        }, candidates::mayHold);
        System.out.printf("%s: %,d records replaced in %d segment files, %,d of %,d blocks of 4,096 read (%,d records decoded), %.2f s%n", what,
                done.replaced(), done.filesRewritten(), candidates.blockCount(), candidates.blocksSummarised(), decoded[0],
                (System.nanoTime() - t0) / 1e9);
    }

    private static boolean theirs(Event e, Set<String> values) {
        return (e.userId() != null && values.contains(e.userId())) || (e.anonymousId() != null && values.contains(e.anonymousId()));
    }

    private static List<Identifier> identifiers(Event e) {
        List<Identifier> out = new ArrayList<>(2);
        if (e.userId() != null) {
            out.add(new Identifier("user_id", e.userId()));
        }
        if (e.anonymousId() != null) {
            out.add(new Identifier("anonymous_id", e.anonymousId()));
        }
        return out;
    }
}
