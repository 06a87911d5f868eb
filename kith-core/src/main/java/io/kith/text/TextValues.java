package io.kith.text;

import java.util.Locale;
import java.util.Set;

/**
 * How record matching and identity resolution's evidence against a merge read a raw text value and a birth date: one
 * implementation for both (kith-match's {@code Prepare.TEXT} and {@code Prepare.DATE} call these). Stateless.
 */
public final class TextValues {
    private TextValues() {
    }

    /** What exports write for a missing value. */
    public static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "nil", "-", "?", "unknown");

    /** Lower case, trimmed, inner runs of white space as one space; null when empty or a missing-value word. */
    public static String text(String raw) {
        String t = raw.strip();
        if (t.isEmpty()) {
            return null;
        }
        t = t.toLowerCase(Locale.ROOT);
        if (MISSING.contains(t)) {
            return null;
        }
        if (t.indexOf("  ") >= 0 || t.indexOf('\t') >= 0) {
            t = t.replaceAll("\\s+", " ");
        }
        return t;
    }

    /** yyyyMMdd, or null when the text (prepared by {@link #text}) is not shaped like a date. */
    public static String date(String t) {
        int n = t.length();
        if (n == 8 && digits(t)) {
            return t;
        }
        String[] parts = t.split("[-/.]");
        if (parts.length == 3 && digits(parts[0]) && digits(parts[1]) && digits(parts[2])) {
            String y;
            String m;
            String d;
            if (parts[0].length() == 4) {
                y = parts[0];
                m = parts[1];
                d = parts[2];
            } else if (parts[2].length() == 4) {
                y = parts[2];
                m = parts[1];
                d = parts[0];
            } else {
                return null;
            }
            if (m.isEmpty() || m.length() > 2 || d.isEmpty() || d.length() > 2) {
                return null;
            }
            return y + (m.length() == 1 ? "0" : "") + m + (d.length() == 1 ? "0" : "") + d;
        }
        if (n >= 10 && t.charAt(10 - 6) == '-' && t.length() > 10 && (t.charAt(10) == 't' || t.charAt(10) == ' ')) {
            return date(t.substring(0, 10));
        }
        return null;
    }

    /** Only the digits of a text (a phone number written with separators); null when it has none. */
    public static String onlyDigits(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** An e-mail address (prepared by {@link #text}) without spaces; null when it has no '@' after its first character. */
    public static String email(String t) {
        return t.indexOf('@') > 0 ? t.replace(" ", "") : null;
    }

    /** Whether the text is one or more ASCII digits. */
    public static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
