package io.kith.imports;

/** A row that cannot be turned into an event: the reason names the column and the value seen. */
final class RowError extends Exception {
    private final String column;

    /** @param column the column at fault, or "" when it is not one column */
    RowError(String column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    String column() {
        return column;
    }
}
