package io.kith.segment.lang;

/**
 * One token of the text form.
 *
 * @param text   the token as written (for strings: without quotes, escapes resolved)
 * @param value  the parsed value of NUMBER (BigDecimal) and DATE (Instant) tokens, else null
 * @param line   1-based
 * @param column 1-based, in characters
 * @param offset 0-based character offset of the first character
 * @param length characters the token spans in the source
 */
record Token(Kind kind, String text, Object value, int line, int column, int offset, int length) {
    enum Kind { WORD, STRING, NUMBER, DATE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, EQ, NE, LT, LE, GT, GE, EOF }

    /** Whether this is a word spelled {@code w}, ignoring case (keywords are case-insensitive). */
    boolean is(String w) {
        return kind == Kind.WORD && text.equalsIgnoreCase(w);
    }

    /** How the token reads in a message: {@code 'trat'}, {@code "Order Completed"}, {@code the end}. */
    String describe() {
        return switch (kind) {
            case EOF -> "the end";
            case STRING -> "the string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
