package io.kith.segment.lang;

import java.util.Optional;

/**
 * A problem in a segment definition's text: where it is, what is wrong, and, for a misspelt name, the name probably
 * meant.
 *
 * @param line       1-based line
 * @param column     1-based column (characters)
 * @param length     how many characters the problem spans (at least 1), for highlighting
 * @param message    what is wrong, e.g. "unknown function 'cont'"
 * @param suggestion the word probably meant ({@code count}), or null
 */
public record Diagnostic(int line, int column, int length, String message, String suggestion) {
    public Optional<String> suggestionIfAny() {
        return Optional.ofNullable(suggestion);
    }

    /** {@code 2:5: unknown function 'cont' — did you mean 'count'?} */
    @Override
    public String toString() {
        return line + ":" + column + ": " + message + (suggestion == null ? "" : " — did you mean '" + suggestion + "'?");
    }
}
