package io.kith.imports;

/** A row that cannot be turned into an event: the reason names the column and the value seen. */
final class RowError extends Exception {
    RowError(String message) {
        super(message, null, false, false);
    }
}
