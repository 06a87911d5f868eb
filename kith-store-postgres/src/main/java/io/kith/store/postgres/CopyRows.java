package io.kith.store.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.postgresql.copy.CopyIn;

/**
 * Rows written to a {@code COPY ... FROM STDIN} in PostgreSQL's text format (tab-separated fields, {@code \N} for null,
 * backslash escapes), sent in chunks as they fill up.
 *
 * <p>Values are made storable rather than refused, so that one odd event cannot stop the projector: U+0000, which a
 * PostgreSQL text cannot hold, becomes U+FFFD, and an instant outside PostgreSQL's timestamp range is clamped to it.
 */
final class CopyRows {
    private static final int CHUNK = 1 << 16;
    private static final Instant MIN = Instant.parse("-4712-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("+294275-12-31T23:59:59.999999Z");
    private static final Instant FOUR_DIGIT_FROM = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant FOUR_DIGIT_TO = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
    private boolean rowStarted;

    CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    CopyRows add(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    CopyRows add(String value) {
        separate();
        if (value == null) {
            buffer.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    CopyRows add(Instant value) {
        separate();
        buffer.append(timestamp(value));
        return this;
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        rowStarted = false;
        if (buffer.length() >= CHUNK) {
            flush();
        }
    }

    /** Sends what is buffered and ends the COPY, answering the number of rows it loaded. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    private void flush() throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    private void separate() {
        if (rowStarted) {
            buffer.append('\t');
        }
        rowStarted = true;
    }

    private void escape(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                case '\t' -> buffer.append("\\t");
                case '\0' -> buffer.append('\uFFFD');
                default -> buffer.append(c);
            }
        }
    }

    /** An instant as PostgreSQL reads a {@code timestamptz}, to the microsecond, clamped to its range. */
    static String timestamp(Instant value) {
        Instant t = value.isBefore(MIN) ? MIN : value.isAfter(MAX) ? MAX : value.truncatedTo(ChronoUnit.MICROS);
        if (!t.isBefore(FOUR_DIGIT_FROM) && !t.isAfter(FOUR_DIGIT_TO)) {
            return t.toString();
        }
        OffsetDateTime d = t.atOffset(ZoneOffset.UTC);
        int year = d.getYear();
        return String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d+00%s", year > 0 ? year : 1 - year, d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond(), d.getNano() / 1_000, year > 0 ? "" : " BC");
    }

    /** Text for a {@code text} column written through a statement parameter: U+0000 becomes U+FFFD. */
    static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
