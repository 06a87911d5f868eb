package io.kith.imports;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** A JSON Lines row, which also gives its whole object. */
interface ObjectNodeRow extends Row {
    ObjectNode object();
}

/**
 * Streams the rows of a CSV or JSON Lines file, one at a time, in bounded memory. A row that cannot be used (bytes
 * that do not decode, a control character, a field or row over its limit, broken JSON) comes back as a
 * {@link Broken} with its line, its column where there is one, and the reason, and reading goes on; a
 * {@link Broken} that is {@code fatal} (a CSV quote that never closes, an unreadable header) is the last.
 */
abstract class RowReader implements Iterator<RowReader.Next>, Closeable {
    /** The next thing read: a row, or a row that could not be read. */
    sealed interface Next permits Good, Broken {
    }

    record Good(Row row) implements Next {
    }

    /**
     * A row that cannot be used.
     *
     * @param column the column (CSV header name, JSON path) at fault, or "" when it is the whole row
     * @param raw    what was read of the row, for the quarantine ("" when it was too long to keep)
     * @param fatal  nothing after it can be read
     */
    record Broken(long line, String column, String reason, String raw, boolean fatal) implements Next {
    }

    private final InputStream in;
    private Next pending;
    private boolean done;

    RowReader(InputStream in) {
        this.in = in;
    }

    static RowReader open(ImportMapping mapping, InputStream in, ImportLimits limits) throws IOException {
        StrictDecoder chars = new StrictDecoder(in, mapping.encoding());
        FieldCheck check = new FieldCheck(limits.maxFieldBytes());
        return switch (mapping.format()) {
            case CSV -> new Csv(in, new CsvRecords(chars, mapping.delimiter(), limits.maxRowBytes()), check);
            case JSONL -> new JsonLines(in, new Lines(chars, limits.maxRowBytes()), check, JsonLines.MAPPED);
            case SEGMENT -> new JsonLines(in, new Lines(chars, limits.maxRowBytes()), check, JsonLines.AS_IS);
        };
    }

    /** The JSON object of a JSON Lines row; only rows of a JSON Lines reader have one. */
    static ObjectNodeRow json(Row row) {
        return (ObjectNodeRow) row;
    }

    /** Reads the next row, or empty at the end. */
    abstract Optional<Next> read() throws IOException;

    @Override
    public final boolean hasNext() {
        if (pending == null && !done) {
            try {
                pending = read().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done = pending == null || pending instanceof Broken b && b.fatal();
        }
        return pending != null;
    }

    @Override
    public final Next next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Next n = pending;
        pending = null;
        return n;
    }

    @Override
    public final void close() throws IOException {
        in.close();
    }

    /** CSV with a header row naming the columns. */
    static final class Csv extends RowReader {
        private final CsvRecords records;
        private final FieldCheck check;
        private final List<String> names;
        private final Map<String, Integer> header = new HashMap<>();
        private Broken badHeader;

        Csv(InputStream in, CsvRecords records, FieldCheck check) throws IOException {
            super(in);
            this.records = records;
            this.check = check;
            Optional<CsvRecords.Record> first = records.next();
            names = first.filter(r -> r instanceof CsvRecords.Values).map(r -> ((CsvRecords.Values) r).values()).orElse(List.of());
            for (int i = 0; i < names.size(); i++) {
                header.put(names.get(i), i);
                Optional<FieldCheck.Problem> p = check.check(names.get(i), names.get(i));
                if (p.isPresent() && badHeader == null) {
                    badHeader = new Broken(1, names.get(i), "the header row cannot be used: " + p.get().reason(), "", true);
                }
            }
            if (first.orElse(null) instanceof CsvRecords.Bad b) {
                badHeader = new Broken(b.line(), "", "the header row cannot be used: " + b.reason(), "", true);
            }
        }

        @Override
        Optional<Next> read() throws IOException {
            if (badHeader != null) {
                Broken b = badHeader;
                badHeader = null;
                return Optional.of(b);
            }
            return records.next().map(this::row);
        }

        private Next row(CsvRecords.Record record) {
            if (record instanceof CsvRecords.Bad b) {
                return new Broken(b.line(), b.field() < 0 ? "" : name(b.field()), b.reason(), raw(b.values()), b.fatal());
            }
            List<String> values = ((CsvRecords.Values) record).values();
            for (int i = 0; i < values.size(); i++) {
                Optional<FieldCheck.Problem> p = check.check(name(i), values.get(i));
                if (p.isPresent()) {
                    return new Broken(record.line(), p.get().column(), p.get().reason(), raw(values), false);
                }
            }
            long line = record.line();
            return new Good(new Row() {
                @Override
                public String get(String column) {
                    Integer i = header.get(column);
                    if (i == null || i >= values.size()) {
                        return null;
                    }
                    String v = values.get(i);
                    return v.isEmpty() ? null : v;
                }

                @Override
                public long line() {
                    return line;
                }

                @Override
                public String raw() {
                    return Csv.this.raw(values);
                }
            });
        }

        private String name(int field) {
            return field < names.size() ? names.get(field) : "field " + (field + 1);
        }

        private String raw(List<String> values) {
            if (values.isEmpty()) {
                return "";
            }
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < values.size(); i++) {
                o.put(name(i), values.get(i));
            }
            return o.toString();
        }
    }

    /** One JSON object per line; nested fields are addressed as {@code a.b}. */
    static final class JsonLines extends RowReader {
        /**
         * For mapped rows, decimals are read as written: a number column sees {@code 1e400} and {@code 12.10}, not
         * {@code Infinity} and {@code 12.1}.
         */
        static final ObjectMapper MAPPED = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        /** Segment rows go to the event parser as any client's event would, with the API's reading of numbers. */
        static final ObjectMapper AS_IS = new ObjectMapper();

        private final Lines lines;
        private final FieldCheck check;
        private final ObjectMapper mapper;

        JsonLines(InputStream in, Lines lines, FieldCheck check, ObjectMapper mapper) {
            super(in);
            this.lines = lines;
            this.check = check;
            this.mapper = mapper;
        }

        @Override
        Optional<Next> read() throws IOException {
            return lines.next().map(this::row);
        }

        private Next row(Lines.Line line) {
            if (line instanceof Lines.Bad b) {
                return new Broken(b.line(), "", b.reason(), b.text(), false);
            }
            String text = ((Lines.Text) line).text();
            long at = line.line();
            JsonNode node;
            try {
                node = mapper.readTree(text);
            } catch (IOException e) {
                return new Broken(at, "", "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), text, false);
            }
            if (!(node instanceof ObjectNode object)) {
                return new Broken(at, "", "a JSON Lines row must be an object, got " + node.getNodeType().name().toLowerCase(), text, false);
            }
            Optional<FieldCheck.Problem> p = check.check(object, "");
            if (p.isPresent()) {
                return new Broken(at, p.get().column(), p.get().reason(), text, false);
            }
            return new Good(new ObjectNodeRow() {
                @Override
                public ObjectNode object() {
                    return object;
                }

                @Override
                public String get(String column) {
                    JsonNode v = object.get(column);
                    if (v == null && column.indexOf('.') > 0) {
                        v = object.at("/" + column.replace('.', '/'));
                    }
                    if (v == null || v.isNull() || v.isMissingNode()) {
                        return null;
                    }
                    String s = v.isValueNode() ? v.asText() : v.toString();
                    return s.isEmpty() ? null : s;
                }

                @Override
                public long line() {
                    return at;
                }

                @Override
                public String raw() {
                    return text;
                }
            });
        }
    }
}
