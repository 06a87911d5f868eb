package io.kith.match.compare;

import java.util.Set;

/** How a raw value is normalised before it is compared or used as a blocking key; a missing value becomes null. */
public enum Prepare {
    /** Lower case, trimmed, inner runs of white space as one space. */
    TEXT,
    /** A date as yyyyMMdd (from yyyyMMdd, yyyy-MM-dd, yyyy/MM/dd, dd/MM/yyyy or dd.MM.yyyy); kept even when not a calendar date. */
    DATE,
    /** Only the digits (phone numbers, identifiers written with separators). */
    DIGITS,
    /** Lower case, trimmed; an address without '@' is missing. */
    EMAIL;

    /** What exports write for a missing value. */
    static final Set<String> MISSING = io.kith.text.TextValues.MISSING;

    public String apply(String raw) {
        if (raw == null) {
            return null;
        }
        String text = text(raw);
        if (text == null) {
            return null;
        }
        return switch (this) {
            case TEXT -> text;
            case DATE -> date(text);
            case DIGITS -> io.kith.text.TextValues.onlyDigits(text);
            case EMAIL -> io.kith.text.TextValues.email(text);
        };
    }

    static String text(String raw) {
        return io.kith.text.TextValues.text(raw);
    }

    /** yyyyMMdd, or null when the text is not shaped like a date. */
    static String date(String t) {
        return io.kith.text.TextValues.date(t);
    }

    static boolean digits(String s) {
        return io.kith.text.TextValues.digits(s);
    }

    /** Days since 0000-03-01 of a yyyyMMdd date, or {@link Integer#MIN_VALUE} when it is not a calendar date. */
    static int epochDay(String yyyymmdd) {
        if (yyyymmdd.length() != 8 || !digits(yyyymmdd)) {
            return Integer.MIN_VALUE;
        }
        int y = Integer.parseInt(yyyymmdd, 0, 4, 10);
        int m = Integer.parseInt(yyyymmdd, 4, 6, 10);
        int d = Integer.parseInt(yyyymmdd, 6, 8, 10);
        if (m < 1 || m > 12 || d < 1 || d > 31) {
            return Integer.MIN_VALUE;
        }
        // days from civil (H. Hinnant), exact for the proleptic Gregorian calendar
        y -= m <= 2 ? 1 : 0;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe;
    }
}
