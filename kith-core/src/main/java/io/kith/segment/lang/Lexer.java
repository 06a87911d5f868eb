package io.kith.segment.lang;

import io.kith.segment.Limits;
import io.kith.segment.lang.Token.Kind;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the text form into tokens. Words are letters, digits, {@code _} and {@code -} starting with a letter or
 * {@code _}; strings are double-quoted with backslash escapes; a number may start with {@code -}; a date is
 * {@code 2024-05-01} or an ISO-8601 instant with {@code Z} or an offset; {@code #} starts a comment to the end of the
 * line.
 */
final class Lexer {
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    /** A problem that stops lexing, reported as a diagnostic. */
    static final class LexError extends RuntimeException {
        final int line;
        final int column;

        LexError(int line, int column, String message) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokens(String src) {
        return new Lexer(src).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", null, line, pos - lineStart + 1, pos, 0));
                return out;
            }
            out.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        int col = pos - lineStart + 1;
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && isWordChar(src.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.WORD, src.substring(start, pos), null, line, col, start, pos - start);
        }
        if (c == '"') {
            return string(start, col);
        }
        if (Character.isDigit(c) || c == '-' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
            return numberOrDate(start, col);
        }
        pos++;
        Kind kind = switch (c) {
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            case ',' -> Kind.COMMA;
            case '.' -> Kind.DOT;
            case '=' -> Kind.EQ;
            case '<' -> symbol('=') ? Kind.LE : Kind.LT;
            case '>' -> symbol('=') ? Kind.GE : Kind.GT;
            case '!' -> {
                if (symbol('=')) {
                    yield Kind.NE;
                }
                throw new LexError(line, col, "'!' must be followed by '=' ('!=' means 'differs'); for negation write 'not'");
            }
            default -> throw new LexError(line, col, "unexpected character '" + c + "'"
                    + (c == '\'' || c == '\u201c' || c == '\u201d' ? "; strings are written in straight double quotes: \"...\"" : ""));
        };
        if (c == '=' && symbol('=')) {
            throw new LexError(line, col, "'==' is written '=' here");
        }
        return new Token(kind, src.substring(start, pos), null, line, col, start, pos - start);
    }

    private boolean symbol(char expected) {
        if (pos < src.length() && src.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private Token string(int start, int col) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new LexError(line, col, "this string has no closing '\"'");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return new Token(Kind.STRING, sb.toString(), null, line, col, start, pos - start);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw new LexError(line, col, "this string has no closing '\"'");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'u' -> {
                    if (pos + 4 > src.length() || !src.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                        throw new LexError(line, pos - lineStart - 1, "'\\u' must be followed by four hex digits");
                    }
                    sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw new LexError(line, pos - lineStart - 1, "unknown escape '\\" + e
                        + "' in a string; use \\\" \\\\ \\n \\t \\r or \\uXXXX");
            }
        }
    }

    private Token numberOrDate(int start, int col) {
        Matcher date = DATE.matcher(src).region(start, src.length());
        if (src.charAt(start) != '-' && date.lookingAt()) {
            String text = date.group();
            pos = date.end();
            return new Token(Kind.DATE, text, parseDate(text, col), line, col, start, pos - start);
        }
        Matcher number = NUMBER.matcher(src).region(start, src.length());
        if (!number.lookingAt()) {
            throw new LexError(line, col, "a number was expected");
        }
        pos = number.end();
        String text = number.group();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            // an exponent past what BigDecimal holds (1e9999999999): far out of any range a segment takes
            throw new LexError(line, col, Limits.numberProblem(text));
        }
        return new Token(Kind.NUMBER, text, value, line, col, start, pos - start);
    }

    private Instant parseDate(String text, int col) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (!(text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$"))) {
                throw new LexError(line, col, "the time " + text + " has no zone; add Z for UTC (" + text + "Z) or an offset (+02:00)");
            }
            String full = text.matches(".*T\\d{2}:\\d{2}(Z|[+-].*)$") ? text.replaceFirst("(T\\d{2}:\\d{2})", "$1:00") : text;
            return OffsetDateTime.parse(full).toInstant();
        } catch (DateTimeException e) {
            throw new LexError(line, col, "'" + text + "' is not a valid date");
        }
    }
}
