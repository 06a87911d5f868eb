package io.kith.segment;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The bounds a segment definition stays within, so that every engine can evaluate whatever is saved: one rule each,
 * checked where the nodes are built ({@link Condition}, {@link Literal}, {@link Window}) and, before that, where the
 * text and JSON forms are read, so that the API, the console, the CLI and the definitions read back from a store all
 * refuse the same things with the same message.
 *
 * <ul>
 *   <li><b>Depth.</b> Conditions nest at most {@value #MAX_DEPTH} levels: a leaf is one level, and each {@code and},
 *       {@code or} and {@code not} around it adds one. Every engine walks the tree recursively (the readers, the
 *       printer, the canonical JSON, the evaluator, the SQL compiler, and the SQL engines' own parsers), so an
 *       unbounded tree ends in a {@link StackOverflowError}; 32 is far more than a person writes or reads.</li>
 *   <li><b>Numbers.</b> At most {@value #MAX_INTEGER_DIGITS} digits before the decimal point and
 *       {@value #MAX_FRACTION_DIGITS} after: what DuckDB's {@code DECIMAL(38, 10)}, in which it compares JSON numbers,
 *       holds exactly. PostgreSQL's {@code numeric} and {@link BigDecimal} hold more, so all three give the same answer.
 *       A longer literal is one DuckDB refuses to compare ({@code 1e999} is a {@code BIGNUM}) or rounds, and an
 *       unbounded exponent ({@code 1e2000000}) is millions of digits when written out.</li>
 *   <li><b>Durations.</b> A window, a {@code within last} duration and a sequence's delay are at most
 *       {@value #MAX_DAYS} days (about 100 years): {@code now} minus the duration must still be a timestamp both SQL
 *       engines hold, and a longer look back is {@code ever}. RFM's window of days has the same bound.</li>
 * </ul>
 */
public final class Limits {
    /** The most levels a condition nests: a leaf is 1, each {@code and}, {@code or}, {@code not} around it adds 1. */
    public static final int MAX_DEPTH = 32;
    /** The most digits a number literal has before its decimal point. */
    public static final int MAX_INTEGER_DIGITS = 28;
    /** The most digits a number literal has after its decimal point. */
    public static final int MAX_FRACTION_DIGITS = 10;
    /** The longest window or duration, in days. */
    public static final int MAX_DAYS = 36_500;
    /** The longest window or duration. */
    public static final Duration MAX_DURATION = Duration.ofDays(MAX_DAYS);

    private Limits() {
    }

    /** The message for a condition nested deeper than {@link #MAX_DEPTH}. */
    public static String depthProblem() {
        return "conditions nest at most " + MAX_DEPTH + " levels deep (each 'and', 'or', 'not' and '(' is a level)";
    }

    /** Refuses a depth over {@link #MAX_DEPTH}. */
    static int requireDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(depthProblem() + "; this one is " + depth + " deep");
        }
        return depth;
    }

    /** Why this number is out of range, or null when every engine compares it exactly. */
    public static String numberProblem(BigDecimal n) {
        BigDecimal v = n.stripTrailingZeros();
        long fraction = Math.max(0, v.scale());
        long integer = Math.max(0, (long) v.precision() - v.scale());
        if (integer <= MAX_INTEGER_DIGITS && fraction <= MAX_FRACTION_DIGITS) {
            return null;
        }
        return numberProblem(shortly(v));
    }

    /** The message for a number out of range; {@code seen} is the number as written. */
    public static String numberProblem(String seen) {
        return "a number has at most " + MAX_INTEGER_DIGITS + " digits before the decimal point and " + MAX_FRACTION_DIGITS
                + " after, got " + (seen.length() <= 40 ? seen : seen.substring(0, 40) + "...");
    }

    /** Refuses a duration over {@link #MAX_DURATION}. */
    static Duration requireAtMostMax(Duration d, String what) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(durationProblem(what, d.getSeconds() % 86_400 == 0 ? d.toDays() + " days"
                    : Durations.iso(d)));
        }
        return d;
    }

    /** The message for a duration over {@link #MAX_DURATION}; {@code seen} is the duration as it was written. */
    public static String durationProblem(String what, String seen) {
        return what + " must be at most " + MAX_DAYS + " days (about 100 years), got " + seen;
    }

    /** A number for a message: its plain digits when short, else its scientific form (never millions of zeros). */
    private static String shortly(BigDecimal v) {
        return v.precision() - (long) v.scale() <= 40 && v.scale() <= 40 ? v.toPlainString() : v.toString();
    }
}
