package io.kith.imports;

/** One record of an input file, by column name, with the line it starts on. */
interface Row {
    /** The value of a column, or null when the row has no such column or it is empty. */
    String get(String column);

    long line();

    /** The row as text for the quarantine: a JSON Lines row's line, a CSV row's values as a JSON object by column. */
    String raw();
}
