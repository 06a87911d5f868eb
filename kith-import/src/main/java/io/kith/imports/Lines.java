package io.kith.imports;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads the lines of a JSON Lines file (CR, LF or CRLF end one; blank lines are skipped) in bounded memory: a line
 * longer than the row limit is scanned to its end but not kept. A line with bytes that do not decode or with a
 * control character is returned as {@link Bad}, with the column of the first such char. Not thread-safe.
 */
final class Lines {
    sealed interface Line permits Text, Bad {
        long line();
    }

    record Text(long line, String text) implements Line {
    }

    /** A line that cannot be used; {@code text} is what was read of it (empty when it was too long to keep). */
    record Bad(long line, String reason, String text) implements Line {
    }

    private final StrictDecoder in;
    private final int maxRowBytes;
    private final StringBuilder text = new StringBuilder();
    private long line;
    private boolean lastWasCr;

    Lines(StrictDecoder in, int maxRowBytes) {
        this.in = in;
        this.maxRowBytes = maxRowBytes;
    }

    /** The next line that is not blank, or empty at the end of the input. */
    Optional<Line> next() throws IOException {
        while (true) {
            int c = in.read();
            if (c == StrictDecoder.EOF) {
                return Optional.empty();
            }
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            line++;
            text.setLength(0);
            long bytes = 0;
            String problem = null;
            while (c != '\n' && c != '\r' && c != StrictDecoder.EOF) {
                if (problem == null && c == StrictDecoder.MALFORMED) {
                    problem = in.lastMalformed() + " at column " + (text.length() + 1);
                } else if (problem == null && ControlChars.isForbidden(c)) {
                    problem = ControlChars.describe(c) + " at column " + (text.length() + 1);
                }
                bytes += c >= 0 ? Utf8.bytes(c) : 1;
                if (bytes <= maxRowBytes) {
                    text.append(c >= 0 ? (char) c : '\uFFFD');
                }
                c = in.read();
            }
            lastWasCr = c == '\r';
            if (bytes > maxRowBytes) {
                return Optional.of(new Bad(line, "the line has " + String.format("%,d", bytes) + " bytes; a row may have at most "
                        + String.format("%,d", maxRowBytes) + " (skipped without being read whole)", ""));
            }
            if (problem != null) {
                return Optional.of(new Bad(line, problem, text.toString()));
            }
            if (!text.toString().isBlank()) {
                return Optional.of(new Text(line, text.toString()));
            }
        }
    }
}
