package io.kith.imports;

/** The control characters no imported value may hold: C0 (U+0000 to U+001F) except tab, CR and LF. */
final class ControlChars {
    private ControlChars() {
    }

    static boolean isForbidden(int c) {
        return c >= 0 && c < 0x20 && c != '\t' && c != '\r' && c != '\n';
    }

    /** "control character U+0000 (NUL)" and the like, for a reason. */
    static String describe(int c) {
        return String.format("control character U+%04X%s (only tab, CR and LF are allowed)", c, c == 0 ? " (NUL)" : "");
    }

    /** The index of the first forbidden char in a value, or -1. */
    static int firstIn(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isForbidden(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
