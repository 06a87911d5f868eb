package io.kith.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of a CSV or JSON Lines file, one at a time, in constant memory. A line that cannot be
 * read at all (broken JSON, a CSV quote that never closes) comes back as a {@link Broken} row so that the
 * importer can report it with its line number.
 */
/** A JSON Lines row, which also gives its whole object. */
interface ObjectNodeRow extends Row {
    com.fasterxml.jackson.databind.node.ObjectNode object();
}

abstract class RowReader implements Iterator<RowReader.Next>, java.io.Closeable {
    /** The next thing read: a row, or a line that could not be read. */
    sealed interface Next permits Good, Broken {
    }

    record Good(Row row) implements Next {
    }

    record Broken(long line, String reason, String raw, boolean fatal) implements Next {
    }

    static RowReader open(ImportMapping mapping, InputStream in) throws IOException {
        Reader reader = new BufferedReader(new InputStreamReader(in, mapping.encoding()), 1 << 16);
        return mapping.format() == ImportMapping.Format.CSV ? new Csv(reader, mapping.delimiter()) : new JsonLines(reader);
    }

    /** The JSON object of a JSON Lines row; only rows of a JSON Lines reader have one. */
    static ObjectNodeRow json(Row row) {
        return (ObjectNodeRow) row;
    }

    /** CSV with a header row; quoted fields may hold delimiters and newlines. */
    static final class Csv extends RowReader {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final Map<String, Integer> header;
        private boolean failed;

        Csv(Reader reader, char delimiter) throws IOException {
            parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                    .setIgnoreSurroundingSpaces(true).setTrim(true).get().parse(reader);
            records = parser.iterator();
            header = parser.getHeaderMap();
            previousEnd = parser.getCurrentLineNumber();
        }

        /** The line the previous record ended on; the parser reads one record ahead, so track it here. */
        private long previousEnd;

        @Override
        public boolean hasNext() {
            if (failed) {
                return false;
            }
            try {
                return records.hasNext();
            } catch (UncheckedIOException | IllegalStateException e) {
                failed = true;
                pending = new Broken(parser.getCurrentLineNumber(), "malformed CSV: " + e.getMessage(), "", true);
                return true;
            }
        }

        private Broken pending;

        @Override
        public Next next() {
            if (pending != null) {
                Broken b = pending;
                pending = null;
                return b;
            }
            long startLine = previousEnd + 1;
            CSVRecord r;
            try {
                r = records.next();
                previousEnd = parser.getCurrentLineNumber();
            } catch (UncheckedIOException | IllegalStateException e) {
                failed = true;
                return new Broken(startLine, "malformed CSV: " + e.getMessage(), "", true);
            }
            return new Good(new Row() {
                @Override
                public String get(String column) {
                    Integer i = header.get(column);
                    if (i == null || i >= r.size()) {
                        return null;
                    }
                    String v = r.get(i);
                    return v == null || v.isEmpty() ? null : v;
                }

                @Override
                public long line() {
                    return startLine;
                }
            });
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** One JSON object per line; nested fields are addressed as {@code a.b}. */
    static final class JsonLines extends RowReader {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        private final BufferedReader reader;
        private String line;
        private long lineNumber;

        JsonLines(Reader reader) {
            this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        }

        @Override
        public boolean hasNext() {
            try {
                while (line == null) {
                    String l = reader.readLine();
                    if (l == null) {
                        return false;
                    }
                    lineNumber++;
                    if (!l.isBlank()) {
                        line = l;
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Next next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String l = line;
            line = null;
            long at = lineNumber;
            JsonNode node;
            try {
                node = MAPPER.readTree(l);
            } catch (IOException e) {
                return new Broken(at, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), l, false);
            }
            if (!node.isObject()) {
                return new Broken(at, "a JSON Lines row must be an object, got " + node.getNodeType().name().toLowerCase(), l, false);
            }
            return new Good(new ObjectNodeRow() {
                @Override
                public com.fasterxml.jackson.databind.node.ObjectNode object() {
                    return (com.fasterxml.jackson.databind.node.ObjectNode) node;
                }

                @Override
                public String get(String column) {
                    JsonNode v = node.get(column);
                    if (v == null && column.indexOf('.') > 0) {
                        v = node.at("/" + column.replace('.', '/'));
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
            });
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
