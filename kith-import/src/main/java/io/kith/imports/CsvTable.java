package io.kith.imports;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;

/**
 * A CSV file with a header row, read one row at a time by the importer's own reader ({@link CsvRecords}: RFC 4180,
 * strict decoding, bounded memory) and held to the importer's rules for values ({@link FieldCheck}: no control
 * characters, no field over its limit). For commands that read a CSV file without an import mapping, such as
 * {@code kith rfm}. Not thread-safe.
 */
public final class CsvTable implements Closeable {
    /** The next thing read: a row, or a row that cannot be used. */
    public sealed interface Next permits Values, Bad {
        long line();
    }

    /** A row read whole; {@code values} are trimmed and may be fewer or more than the header's columns. */
    public record Values(long line, List<String> values) implements Next {
        /** The value at a column index, or "" when the row is shorter. */
        public String get(int column) {
            return column < values.size() ? values.get(column) : "";
        }
    }

    /**
     * A row that cannot be used.
     *
     * @param column the header name of the column at fault, or "" for the whole row
     * @param fatal  nothing after it can be read (a quote that never closes)
     */
    public record Bad(long line, String column, String reason, boolean fatal) implements Next {
    }

    private final InputStream in;
    private final CsvRecords records;
    private final FieldCheck check;
    private final List<String> header;
    private boolean done;

    private CsvTable(InputStream in, CsvRecords records, FieldCheck check, List<String> header) {
        this.in = in;
        this.records = records;
        this.check = check;
        this.header = header;
    }

    /**
     * Opens a table and reads its header row.
     *
     * @param name names the input in error messages (a file name)
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} when the input is empty or its header cannot be used
     */
    public static CsvTable open(InputStream in, String name, Charset charset, char delimiter, ImportLimits limits) throws IOException {
        CsvRecords records = new CsvRecords(new StrictDecoder(in, charset), delimiter, limits.maxRowBytes());
        FieldCheck check = new FieldCheck(limits.maxFieldBytes());
        Optional<CsvRecords.Record> first = records.next();
        if (first.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, name + " is empty: a CSV file needs a header row");
        }
        if (first.get() instanceof CsvRecords.Bad b) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, name + " line " + b.line() + ": the header row cannot be used: " + b.reason());
        }
        List<String> header = ((CsvRecords.Values) first.get()).values();
        for (String column : header) {
            Optional<FieldCheck.Problem> p = check.check(column, column);
            if (p.isPresent()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, name + " line 1: the header row cannot be used: " + p.get().reason());
            }
        }
        return new CsvTable(in, records, check, header);
    }

    /** The column names of the header row, trimmed, in file order. */
    public List<String> header() {
        return header;
    }

    /** The next row, or empty at the end of the input or after a fatal {@link Bad}. */
    public Optional<Next> next() throws IOException {
        if (done) {
            return Optional.empty();
        }
        Optional<CsvRecords.Record> record = records.next();
        if (record.isEmpty()) {
            done = true;
            return Optional.empty();
        }
        if (record.get() instanceof CsvRecords.Bad b) {
            done = b.fatal();
            return Optional.of(new Bad(b.line(), b.field() < 0 ? "" : name(b.field()), b.reason(), b.fatal()));
        }
        CsvRecords.Values v = (CsvRecords.Values) record.get();
        for (int i = 0; i < v.values().size(); i++) {
            Optional<FieldCheck.Problem> p = check.check(name(i), v.values().get(i));
            if (p.isPresent()) {
                return Optional.of(new Bad(v.line(), p.get().column(), p.get().reason(), false));
            }
        }
        return Optional.of(new Values(v.line(), v.values()));
    }

    private String name(int field) {
        return field < header.size() ? header.get(field) : "field " + (field + 1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
