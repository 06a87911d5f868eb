package io.kith.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.event.EventLog;
import io.kith.event.EventParser;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.source.Source;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports a file of POS lines, CRM records or service contacts into the event log through a mapping:
 * streamed in constant memory, each row (or group of rows) mapped, validated by the same {@link EventParser}
 * as the HTTP API, and appended in batches. A row that cannot be accepted is quarantined with its reason and
 * reported with its line number; nothing is dropped silently.
 *
 * <p>Two threads share the work: this one reads and maps rows, a second encodes nothing but appends the
 * batches to the log, so the fsync of one batch overlaps the mapping of the next.
 *
 * <p>Events without a mapped messageId get one derived from the source, the file name and the line, so
 * importing the same file twice does not duplicate events.
 */
public final class Importer {
    /** Rejected rows reported one by one; beyond this they are only counted (all are quarantined). */
    public static final int MAX_REASONS = 1_000;
    private static final int BATCH = 2_000;
    private static final List<byte[]> END = new ArrayList<>();

    private final EventLog log;
    private final LogRecordCodec codec;
    private final Clock clock;
    private boolean segment;

    public Importer(EventLog log, ObjectMapper mapper, Clock clock) {
        this.log = log;
        this.codec = new LogRecordCodec(mapper);
        this.clock = clock;
    }

    /**
     * Imports one file.
     *
     * @param in         the file's bytes
     * @param totalBytes its size for progress, or -1
     * @param fileName   its name, part of generated messageIds
     */
    public ImportReport run(InputStream in, long totalBytes, String fileName, ImportMapping mapping, Source source,
                            ImportProgress progress) throws IOException {
        long start = System.nanoTime();
        Instant receivedAt = clock.instant();
        EventParser parser = new EventParser();
        RowMapper mapper = new RowMapper(mapping);
        segment = mapping.format() == ImportMapping.Format.SEGMENT;
        CountingStream counted = new CountingStream(in);
        List<ImportReport.Rejected> reasons = new ArrayList<>();
        long rowsRead = 0;
        long accepted = 0;
        long rejected = 0;
        boolean stopped = false;
        String idPrefix = source.id() + ":" + fileName + ":";

        BlockingQueue<List<byte[]>> batches = new ArrayBlockingQueue<>(4);
        AtomicReference<RuntimeException> appendFailure = new AtomicReference<>();
        Thread appender = Thread.ofPlatform().name("kith-import-append").start(() -> {
            try {
                for (List<byte[]> b; (b = batches.take()) != END; ) {
                    if (appendFailure.get() == null) {
                        log.append(b);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                appendFailure.set(e);
                batches.clear();
            }
        });
        List<byte[]> batch = new ArrayList<>(BATCH);
        try (RowReader rows = RowReader.open(mapping, counted)) {
            List<Row> group = new ArrayList<>();
            String groupKey = null;
            while (rows.hasNext()) {
                RowReader.Next next = rows.next();
                rowsRead++;
                if (next instanceof RowReader.Broken b) {
                    rejected++;
                    note(reasons, b.line(), b.reason());
                    batch.add(quarantine(source, receivedAt, "line " + b.line(), b.reason(), b.raw()));
                    if (b.fatal()) {
                        stopped = true;
                        break;
                    }
                    continue;
                }
                Row row = ((RowReader.Good) next).row();
                if (mapping.groupBy() != null) {
                    String key = row.get(mapping.groupBy().key());
                    if (!group.isEmpty() && !Objects.equals(key, groupKey)) {
                        int[] counts = emit(group, mapper, parser, source, receivedAt, idPrefix, batch, reasons);
                        accepted += counts[0];
                        rejected += counts[1];
                        group.clear();
                    }
                    groupKey = key;
                    group.add(row);
                } else {
                    int[] counts = emit(List.of(row), mapper, parser, source, receivedAt, idPrefix, batch, reasons);
                    accepted += counts[0];
                    rejected += counts[1];
                }
                if (batch.size() >= BATCH) {
                    hand(batches, batch, appendFailure);
                    batch = new ArrayList<>(BATCH);
                    progress.update(counted.count, totalBytes, rowsRead);
                }
            }
            if (!group.isEmpty()) {
                int[] counts = emit(group, mapper, parser, source, receivedAt, idPrefix, batch, reasons);
                accepted += counts[0];
                rejected += counts[1];
            }
            hand(batches, batch, appendFailure);
        } finally {
            try {
                batches.put(END);
                appender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (appendFailure.get() != null) {
            throw appendFailure.get();
        }
        progress.update(counted.count, totalBytes, rowsRead);
        return new ImportReport(rowsRead, accepted, rejected, List.copyOf(reasons), stopped, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void hand(BlockingQueue<List<byte[]>> batches, List<byte[]> batch, AtomicReference<RuntimeException> failure) {
        if (failure.get() != null) {
            throw failure.get();
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            batches.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.kith.error.KithException(ErrorCode.INTERNAL, "import interrupted");
        }
    }

    /** Maps one event's rows and adds its record; returns {accepted, rejected} rows. */
    private int[] emit(List<Row> rows, RowMapper mapper, EventParser parser, Source source, Instant receivedAt, String idPrefix,
                       List<byte[]> batch, List<ImportReport.Rejected> reasons) {
        long line = rows.get(0).line();
        ObjectNode json;
        try {
            json = segment ? segmentEvent(rows.get(0), "import-" + hash(idPrefix + line))
                    : mapper.map(rows, "import-" + hash(idPrefix + line));
        } catch (RowError e) {
            note(reasons, line, e.getMessage());
            batch.add(quarantine(source, receivedAt, "line " + line, e.getMessage(), rawOf(rows)));
            return new int[] {0, rows.size()};
        }
        ParseOutcome outcome = parser.parse(json, null, source, receivedAt, "line " + line);
        if (outcome instanceof ParseOutcome.Rejected r) {
            String reason = r.rejection().path() + ": " + r.rejection().message();
            note(reasons, line, reason);
            batch.add(codec.encode(new LogRecord.Quarantined(new QuarantinedEvent("q_" + hash(idPrefix + line + ":q"), source.id(), receivedAt,
                    r.rejection(), json.toString()))));
            return new int[] {0, rows.size()};
        }
        batch.add(codec.encode(new LogRecord.Accepted(((ParseOutcome.Accepted) outcome).event())));
        return new int[] {rows.size(), 0};
    }

    private static ObjectNode segmentEvent(Row row, String defaultMessageId) {
        ObjectNode o = RowReader.json(row).object();
        if (!o.hasNonNull("messageId")) {
            o.put("messageId", defaultMessageId);
        }
        return o;
    }

    private byte[] quarantine(Source source, Instant receivedAt, String path, String reason, String raw) {
        return codec.encode(new LogRecord.Quarantined(new QuarantinedEvent("q_" + hash(source.id() + path + reason + raw), source.id(),
                receivedAt, new Rejection(ErrorCode.INVALID_EVENT, path, reason), raw)));
    }

    private static String rawOf(List<Row> rows) {
        return "line " + rows.get(0).line();
    }

    private static void note(List<ImportReport.Rejected> reasons, long line, String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(new ImportReport.Rejected(line, reason));
        }
    }

    private static String hash(String text) {
        long h = io.kith.event.MessageKeys.of("import", text);
        return HexFormat.of().toHexDigits(h);
    }

    /** Counts the bytes read, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
