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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports a file of POS lines, CRM records or service contacts into the event log through a mapping:
 * streamed in constant memory, each row (or group of rows) mapped, validated by the same {@link EventParser}
 * as the HTTP API, and appended in batches. A row that cannot be accepted is quarantined with its reason and
 * reported with its line number; nothing is dropped silently.
 *
 * <p>The work is a pipeline: the calling thread reads and groups rows, a pool with one thread per core maps,
 * validates and encodes chunks of them, and one thread appends the chunks to the log in file order, so parsing,
 * mapping and the fsync of the previous chunk overlap.
 *
 * <p>Events without a mapped messageId get one derived from the source, the file name and the line, so
 * importing the same file twice does not duplicate events.
 */
public final class Importer {
    /** Rejected rows reported one by one; beyond this they are only counted (all are quarantined). */
    public static final int MAX_REASONS = 1_000;
    private static final int CHUNK = 2_000;
    /**
     * A chunk also ends after this many bytes of input: with rows of up to the row limit, 2,000 of them could be
     * 128 MiB, and one core's share of the queue holds five chunks. At 4 MiB, rows in flight take about
     * 20 MiB per core however the file is made (plus one groupBy group).
     */
    private static final long CHUNK_BYTES = 4 << 20;
    private static final Future<Chunk> END = java.util.concurrent.CompletableFuture.completedFuture(null);

    private final EventLog log;
    private final LogRecordCodec codec;
    private final Clock clock;

    private final io.kith.identity.CardTokenizer cards;
    private final ImportLimits limits;
    private volatile java.util.function.Predicate<io.kith.event.Event> admit = e -> true;
    private volatile java.util.function.Predicate<String> admitRaw = raw -> true;
    private final java.util.concurrent.atomic.AtomicLong suppressed = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Keeps out the events {@code admit} refuses (suppressed people's), counted in the report, and the rejected rows
     * {@code admitRaw} refuses (not quarantined either).
     */
    public Importer admitting(java.util.function.Predicate<io.kith.event.Event> admit, java.util.function.Predicate<String> admitRaw) {
        this.admit = admit;
        this.admitRaw = admitRaw;
        return this;
    }

    public Importer(EventLog log, ObjectMapper mapper, Clock clock) {
        this(log, mapper, clock, null);
    }

    /** @param cards tokenizes card numbers in imported rows before they are stored; null when none is configured */
    public Importer(EventLog log, ObjectMapper mapper, Clock clock, io.kith.identity.CardTokenizer cards) {
        this(log, mapper, clock, cards, ImportLimits.DEFAULT);
    }

    public Importer(EventLog log, ObjectMapper mapper, Clock clock, io.kith.identity.CardTokenizer cards, ImportLimits limits) {
        this.log = log;
        this.codec = new LogRecordCodec(mapper);
        this.clock = clock;
        this.cards = cards;
        this.limits = limits;
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
        RowMapper mapper = new RowMapper(mapping);
        boolean segment = mapping.format() == ImportMapping.Format.SEGMENT;
        CountingStream counted = new CountingStream(in);
        String idPrefix = source.id() + ":" + fileName + ":";
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("kith-import-map-", 0).daemon().factory());
        // Futures in file order: the appender takes them in that order, so the log gets rows in file order
        // although several threads map them.
        BlockingQueue<Future<Chunk>> chunks = new ArrayBlockingQueue<>(workers * 4);
        Totals totals = new Totals();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread appender = Thread.ofPlatform().name("kith-import-append").start(() -> {
            try {
                for (Future<Chunk> f; (f = chunks.take()) != END; ) {
                    Chunk c = f.get();
                    List<byte[]> kept = c.records().stream().anyMatch(java.util.Objects::isNull) ? c.records().stream().filter(java.util.Objects::nonNull).toList() : c.records();
                    if (failure.get() == null && !kept.isEmpty()) {
                        log.append(kept);
                    }
                    totals.add(c);
                    progress.update(c.bytesRead(), totalBytes, c.rowsRead());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            if (failure.get() != null) {
                chunks.clear();
            }
        });
        long rowsRead = 0;
        ImportReport.Stop stop = null;
        // Each item of a group adds at least "{}," to its event: a longer group cannot fit in one.
        int maxGroupRows = Math.max(1, limits.maxEventBytes() / 3);
        try (RowReader rows = RowReader.open(mapping, counted, limits)) {
            List<Unit> units = new ArrayList<>(CHUNK);
            List<Row> group = new ArrayList<>();
            String groupKey = null;
            boolean overflowing = false;
            long chunkStart = 0;
            while (hasNext(rows) && failure.get() == null) {
                RowReader.Next next = rows.next();
                rowsRead++;
                if (next instanceof RowReader.Broken b) {
                    units.add(new Unit(null, b));
                    if (b.fatal()) {
                        stop = new ImportReport.Stop(b.line(), b.reason());
                        break;
                    }
                } else {
                    Row row = ((RowReader.Good) next).row();
                    if (mapping.groupBy() != null) {
                        String key = row.get(mapping.groupBy().key());
                        if (!Objects.equals(key, groupKey)) {
                            if (!group.isEmpty()) {
                                units.add(new Unit(List.copyOf(group), null));
                                group.clear();
                            }
                            overflowing = false;
                        }
                        groupKey = key;
                        if (overflowing) {
                            units.add(new Unit(null, tooManyRows(row, mapping.groupBy().key(), key, maxGroupRows)));
                        } else if (group.size() == maxGroupRows) {
                            overflowing = true;
                            for (Row r : group) {
                                units.add(new Unit(null, tooManyRows(r, mapping.groupBy().key(), key, maxGroupRows)));
                            }
                            group.clear();
                            units.add(new Unit(null, tooManyRows(row, mapping.groupBy().key(), key, maxGroupRows)));
                        } else {
                            group.add(row);
                        }
                    } else {
                        units.add(new Unit(List.of(row), null));
                    }
                }
                if (units.size() >= CHUNK || counted.count - chunkStart >= CHUNK_BYTES) {
                    submit(pool, chunks, units, mapper, segment, source, receivedAt, idPrefix, counted.count, rowsRead);
                    units = new ArrayList<>(CHUNK);
                    chunkStart = counted.count;
                }
            }
            if (!group.isEmpty()) {
                units.add(new Unit(List.copyOf(group), null));
            }
            submit(pool, chunks, units, mapper, segment, source, receivedAt, idPrefix, counted.count, rowsRead);
        } finally {
            try {
                chunks.put(END);
                appender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.shutdownNow();
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        } else if (failure.get() != null) {
            throw new io.kith.error.KithException(ErrorCode.INTERNAL, "import failed: " + failure.get(), failure.get());
        }
        return new ImportReport(rowsRead, totals.accepted, totals.rejected, List.copyOf(totals.reasons), Optional.ofNullable(stop),
                Duration.ofNanos(System.nanoTime() - start), suppressed.get());
    }

    private static boolean hasNext(RowReader rows) throws IOException {
        try {
            return rows.hasNext();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static RowReader.Broken tooManyRows(Row row, String keyColumn, String key, int maxGroupRows) {
        return new RowReader.Broken(row.line(), keyColumn, String.format("more than %,d rows in a row have %s %s: no event within the"
                + " size limit can hold them all, so none of them was imported", maxGroupRows, keyColumn, FieldCheck.shown(key)), row.raw(), false);
    }

    /** The rows of one event, or a line that could not be read. */
    private record Unit(List<Row> rows, RowReader.Broken broken) {
    }

    /** The records of a run of units, with their counts and rejection reasons. */
    private record Chunk(List<byte[]> records, long accepted, long rejected, List<ImportReport.Rejected> reasons, long bytesRead, long rowsRead) {
    }

    /** Sums of the chunks, kept by the appender thread. */
    private static final class Totals {
        long accepted;
        long rejected;
        final List<ImportReport.Rejected> reasons = new ArrayList<>();

        void add(Chunk c) {
            accepted += c.accepted();
            rejected += c.rejected();
            for (ImportReport.Rejected r : c.reasons()) {
                if (reasons.size() < MAX_REASONS) {
                    reasons.add(r);
                }
            }
        }
    }

    private void submit(ExecutorService pool, BlockingQueue<Future<Chunk>> chunks, List<Unit> units, RowMapper mapper, boolean segment,
                        Source source, Instant receivedAt, String idPrefix, long bytesRead, long rowsRead) {
        if (units.isEmpty()) {
            return;
        }
        Future<Chunk> f = pool.submit(() -> map(units, mapper, segment, source, receivedAt, idPrefix, bytesRead, rowsRead));
        try {
            chunks.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.kith.error.KithException(ErrorCode.INTERNAL, "import interrupted");
        }
    }

    private Chunk map(List<Unit> units, RowMapper mapper, boolean segment, Source source, Instant receivedAt, String idPrefix,
                      long bytesRead, long rowsRead) {
        EventParser parser = new EventParser(cards);
        List<byte[]> records = new ArrayList<>(units.size());
        List<ImportReport.Rejected> reasons = new ArrayList<>();
        long accepted = 0;
        long rejected = 0;
        for (Unit u : units) {
            if (u.broken() != null) {
                RowReader.Broken b = u.broken();
                rejected++;
                ImportReport.Rejected r = new ImportReport.Rejected(b.line(), b.column(), b.reason());
                note(reasons, r);
                records.add(quarantine(source, receivedAt, ErrorCode.INVALID_EVENT, r, b.raw()));
                continue;
            }
            int[] counts = emit(u.rows(), mapper, segment, parser, source, receivedAt, idPrefix, records, reasons);
            accepted += counts[0];
            rejected += counts[1];
        }
        return new Chunk(records, accepted, rejected, reasons, bytesRead, rowsRead);
    }

    /** Maps one event's rows and adds its record; returns {accepted, rejected} rows. */
    private int[] emit(List<Row> rows, RowMapper mapper, boolean segment, EventParser parser, Source source, Instant receivedAt,
                       String idPrefix, List<byte[]> batch, List<ImportReport.Rejected> reasons) {
        long line = rows.get(0).line();
        ObjectNode json;
        try {
            json = segment ? segmentEvent(rows.get(0), "import-" + hash(idPrefix + line))
                    : mapper.map(rows, "import-" + hash(idPrefix + line));
        } catch (RowError e) {
            ImportReport.Rejected r = new ImportReport.Rejected(line, e.column(), e.getMessage());
            note(reasons, r);
            batch.add(quarantine(source, receivedAt, ErrorCode.INVALID_EVENT, r, rawOf(rows)));
            return new int[] {0, rows.size()};
        }
        String text = json.toString();
        long bytes = Utf8.bytes(text);
        if (bytes > limits.maxEventBytes()) {
            ImportReport.Rejected r = new ImportReport.Rejected(line, "", String.format("the event made from %s has %,d bytes; an event may"
                    + " have at most %,d (as through the HTTP API)", rows.size() == 1 ? "this row" : "these " + rows.size() + " rows", bytes,
                    limits.maxEventBytes()));
            note(reasons, r);
            batch.add(quarantine(source, receivedAt, ErrorCode.EVENT_TOO_LARGE, r, rawOf(rows)));
            return new int[] {0, rows.size()};
        }
        ParseOutcome outcome = parser.parse(json, null, source, receivedAt, "$");
        if (outcome instanceof ParseOutcome.Rejected rejected) {
            Rejection why = rejected.rejection();
            ImportReport.Rejected r = new ImportReport.Rejected(line, "", why.path().equals("$") ? why.message() : why.toString());
            note(reasons, r);
            // The parser scrubs card fields only from the events it accepts: scrub this one's before it is kept.
            if (cards != null && cards.scrub(json) > 0) {
                text = json.toString();
            }
            batch.add(quarantine(source, receivedAt, why.code(), r, text));
            return new int[] {0, rows.size()};
        }
        io.kith.event.Event event = ((ParseOutcome.Accepted) outcome).event();
        if (!admit.test(event)) {
            suppressed.incrementAndGet(); // a suppressed person's: not kept, as through the HTTP API
            return new int[] {0, 0};
        }
        batch.add(codec.encode(new LogRecord.Accepted(event)));
        return new int[] {rows.size(), 0};
    }

    private static ObjectNode segmentEvent(Row row, String defaultMessageId) {
        ObjectNode o = RowReader.json(row).object();
        if (!o.hasNonNull("messageId")) {
            o.put("messageId", defaultMessageId);
        }
        return o;
    }

    /**
     * The quarantine record of a rejected row: its reason, where (line and column) as the path, and the row as read
     * (card numbers masked, cut when long: see {@link QuarantinedEvent}).
     */
    private byte[] quarantine(Source source, Instant receivedAt, ErrorCode code, ImportReport.Rejected r, String raw) {
        // Card numbers are masked and a long row cut by QuarantinedEvent itself, as for every quarantine writer; the id
        // hashes the row as read, so that importing the same file again gives the same ids.
        if (!admitRaw.test(raw)) {
            suppressed.incrementAndGet();
            return null; // names a suppressed person: left out when the chunk is appended
        }
        String kept = raw;
        String where = r.where();
        return codec.encode(new LogRecord.Quarantined(new QuarantinedEvent("q_" + hash(source.id() + where + r.reason() + kept), source.id(),
                receivedAt, new Rejection(code, where, r.reason()), kept)));
    }

    /** The rows of one event as read, one a line. */
    private static String rawOf(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row row : rows) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(row.raw());
        }
        return sb.toString();
    }

    private static void note(List<ImportReport.Rejected> reasons, ImportReport.Rejected r) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(r);
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
