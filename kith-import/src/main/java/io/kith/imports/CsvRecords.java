package io.kith.imports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the records of a CSV file as RFC 4180 has them (a quoted field may hold delimiters, line breaks and doubled
 * quotes; CR, LF or CRLF end a record; empty lines are skipped; values are trimmed), in bounded memory: a record
 * longer than the row limit is scanned to its end but not kept, so that reading goes on after it.
 *
 * <p>Hand-written rather than commons-csv because a parser that reads a field whole cannot be stopped at a size,
 * nor go on after a bad record: a quote that never closes made it hold the rest of the file in memory.
 * Not thread-safe.
 */
final class CsvRecords {
    /** One record: its values, or why it cannot be used. */
    sealed interface Record permits Values, Bad {
        long line();
    }

    /** A record read whole; {@code values} are trimmed. */
    record Values(long line, List<String> values) implements Record {
    }

    /**
     * A record that cannot be used, with the values read (empty when it was too long to keep).
     *
     * @param field the field the problem is in, from 0, or -1 for the whole record
     * @param fatal reading cannot go on after it (a quote that never closes)
     */
    record Bad(long line, int field, String reason, List<String> values, boolean fatal) implements Record {
    }

    private final StrictDecoder in;
    private final char delimiter;
    private final int maxRowBytes;
    private final StringBuilder field = new StringBuilder();
    private long line = 1;
    private boolean lastWasCr;

    // State of the record being read.
    private List<String> values;
    private long rowBytes;
    private int problemField;
    private String problem;
    private boolean unclosed;

    CsvRecords(StrictDecoder in, char delimiter, int maxRowBytes) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxRowBytes = maxRowBytes;
    }

    /** The next record, or empty at the end of the input. */
    Optional<Record> next() throws IOException {
        int c;
        do {
            c = read();
        } while (c == '\r' || c == '\n');
        if (c == StrictDecoder.EOF) {
            return Optional.empty();
        }
        long start = line;
        values = new ArrayList<>();
        rowBytes = c >= 0 ? Utf8.bytes(c) : 1;
        problem = null;
        problemField = -1;
        while (true) {
            while ((c == ' ' || c == '\t') && c != delimiter) {
                c = read();
            }
            if (c == '"') {
                long quoteLine = line;
                c = quoted();
                if (unclosed) {
                    return Optional.of(new Bad(start, values.size(), "a quote opened on line " + quoteLine + " never closes, so the rest of"
                            + " the file (to line " + line + ") would be one field; reading stopped there", List.of(), true));
                }
            } else {
                c = unquoted(c);
            }
            endField();
            if (c == delimiter) {
                c = read();
                continue;
            }
            break;
        }
        if (rowBytes > maxRowBytes) {
            return Optional.of(new Bad(start, -1, "the row has " + String.format("%,d", rowBytes) + " bytes; a row may have at most "
                    + String.format("%,d", maxRowBytes) + " (skipped without being read whole)", List.of(), false));
        }
        if (problem != null) {
            return Optional.of(new Bad(start, problemField, problem, List.copyOf(values), false));
        }
        return Optional.of(new Values(start, List.copyOf(values)));
    }

    /** Reads a quoted field after its opening quote; returns the char after it (a delimiter, a line end or EOF). */
    private int quoted() throws IOException {
        while (true) {
            int c = read();
            if (c == StrictDecoder.EOF) {
                unclosed = true;
                return c;
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    return afterClosingQuote(c);
                }
            }
            append(c);
        }
    }

    private int afterClosingQuote(int c) throws IOException {
        while ((c == ' ' || c == '\t') && c != delimiter) {
            c = read();
        }
        if (c == delimiter || c == '\r' || c == '\n' || c == StrictDecoder.EOF) {
            return c;
        }
        note("text after the closing quote");
        while (c != delimiter && c != '\r' && c != '\n' && c != StrictDecoder.EOF) {
            c = read();
        }
        return c;
    }

    /** Reads an unquoted field from its first char; a quote inside it is taken as it is. */
    private int unquoted(int c) throws IOException {
        while (c != delimiter && c != '\r' && c != '\n' && c != StrictDecoder.EOF) {
            append(c);
            c = read();
        }
        return c;
    }

    private void append(int c) {
        if (c == StrictDecoder.MALFORMED) {
            note(in.lastMalformed());
            c = '\uFFFD';
        }
        if (rowBytes <= maxRowBytes) {
            field.append((char) c);
        }
    }

    private void note(String reason) {
        if (problem == null) {
            problem = reason;
            problemField = values.size();
        }
    }

    private void endField() {
        if (rowBytes <= maxRowBytes) {
            values.add(trim(field));
        }
        field.setLength(0);
    }

    /**
     * The field without the spaces and tabs around it. Not {@link String#trim}: that also drops control characters,
     * and a NUL at the start of a field would pass unseen.
     */
    private String trim(StringBuilder s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private boolean isBlank(char c) {
        return (c == ' ' || c == '\t') && c != delimiter;
    }

    /** The next char, counting lines (CR, LF and CRLF each end one) and the bytes of the record. */
    private int read() throws IOException {
        int c = in.read();
        if (c == '\n') {
            if (!lastWasCr) {
                line++;
            }
        } else if (c == '\r') {
            line++;
        }
        lastWasCr = c == '\r';
        if (c >= 0) {
            rowBytes += Utf8.bytes(c);
        } else if (c == StrictDecoder.MALFORMED) {
            rowBytes++;
        }
        return c;
    }
}
