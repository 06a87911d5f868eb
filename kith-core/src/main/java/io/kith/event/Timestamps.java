package io.kith.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Reads the timestamps clients send. ISO-8601 with an offset is the norm; a date-time without an offset is
 * read as UTC, a space may stand for the 'T', and a bare date means midnight UTC, because offline exports
 * (POS, CRM) write them so.
 */
public final class Timestamps {
    /**
     * The earliest event time Kith accepts. Events outside {@link #EARLIEST}..{@link #LATEST} are refused where they are
     * parsed: a year such as +300000 fits an {@link Instant} but not the stores' microsecond timestamps (and no real
     * interaction of a living customer happened before 1900 or after 2200).
     */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** The first instant past the accepted window (exclusive): 2200-01-01T00:00:00Z. */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Whether an event time lies in the accepted window [{@link #EARLIEST}, {@link #LATEST}). */
    public static boolean inWindow(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(LATEST);
    }

    /** Says the accepted window, for refusals. */
    public static String window() {
        return "from 1900-01-01T00:00:00Z to before 2200-01-01T00:00:00Z";
    }

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /**
     * The hot path: {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}, what every analytics library sends, read
     * without a formatter (this runs for every event, several times). Returns null for anything else.
     */
    static Instant parseIsoUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        long nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 9) {
                return null;
            }
            nanos = digits(s, start, len);
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Formats exactly as {@link Instant#toString()} does for years 0000-9999, without a formatter. */
    public static String format(Instant t) {
        long epochSecond = t.getEpochSecond();
        long epochDay = Math.floorDiv(epochSecond, 86_400);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return t.toString();
        }
        int nano = t.getNano();
        int fraction;
        int fractionDigits;
        if (nano == 0) {
            fraction = 0;
            fractionDigits = 0;
        } else if (nano % 1_000_000 == 0) {
            fraction = nano / 1_000_000;
            fractionDigits = 3;
        } else if (nano % 1_000 == 0) {
            fraction = nano / 1_000;
            fractionDigits = 6;
        } else {
            fraction = nano;
            fractionDigits = 9;
        }
        byte[] b = new byte[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
        put(b, 0, year, 4);
        b[4] = '-';
        put(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        put(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        put(b, 11, secOfDay / 3600, 2);
        b[13] = ':';
        put(b, 14, secOfDay / 60 % 60, 2);
        b[16] = ':';
        put(b, 17, secOfDay % 60, 2);
        int i = 19;
        if (fractionDigits != 0) {
            b[i++] = '.';
            put(b, i, fraction, fractionDigits);
            i += fractionDigits;
        }
        b[i] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses {@code text}, or returns empty when it is no timestamp Kith can read. */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Instant fast = parseIsoUtc(s);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(OffsetDateTime.parse(s.replace(' ', 'T')).toInstant());
        } catch (DateTimeParseException ignored) {
            // fall through to the lenient forms
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return Optional.of(LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return Optional.of(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }
}
