package io.kith.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The spelling rules for the names, paths and keys a segment definition may hold.
 *
 * <p>They are narrow on purpose: every name must be writable in the text language without quotes and embeddable in
 * a SQL JSON path of DuckDB and PostgreSQL without escaping. A name is a letter or underscore followed by letters,
 * digits, underscores and hyphens ({@code plan}, {@code orders_90d}, {@code first-name}); a path is names joined by
 * dots ({@code properties.total}, {@code address.city}); a segment key is a lower-case slug ({@code vip-customers}).
 * Instants are whole microseconds in the years 0001 to 9999 and durations whole seconds, at most
 * {@link Limits#MAX_DURATION}: what both SQL engines keep and what ISO-8601 text writes with four-digit years.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final int MAX_LENGTH = 200;
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Names() {
    }

    public static boolean isName(String s) {
        return s != null && s.length() <= MAX_LENGTH && NAME.matcher(s).matches();
    }

    public static boolean isPath(String s) {
        return s != null && s.length() <= MAX_LENGTH && PATH.matcher(s).matches();
    }

    public static boolean isKey(String s) {
        return s != null && s.length() <= MAX_LENGTH && KEY.matcher(s).matches();
    }

    static String requireName(String s, String what) {
        if (!isName(s)) {
            throw new IllegalArgumentException(what + " must be a letter or '_' followed by letters, digits, '_' or '-', got "
                    + quote(s));
        }
        return s;
    }

    static String requirePath(String s, String what) {
        if (!isPath(s)) {
            throw new IllegalArgumentException(what + " must be names joined by dots (e.g. properties.total), got " + quote(s));
        }
        return s;
    }

    static String requireKey(String s) {
        if (!isKey(s)) {
            throw new IllegalArgumentException("a segment key is lower-case letters, digits, '-' and '_' (e.g. vip-customers), got "
                    + quote(s));
        }
        return s;
    }

    static Duration requirePositiveWholeSeconds(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.getNano() != 0) {
            throw new IllegalArgumentException(what + " must be a positive whole number of seconds, got " + d);
        }
        return Limits.requireAtMostMax(d, what);
    }

    static Instant requireMicros(Instant t, String what) {
        Objects.requireNonNull(t, what);
        if (t.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException(what + " must be whole microseconds, got " + t);
        }
        if (t.isBefore(FIRST) || t.isAfter(LAST)) {
            throw new IllegalArgumentException(what + " must be in the years 0001 to 9999, got " + t);
        }
        return t;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
