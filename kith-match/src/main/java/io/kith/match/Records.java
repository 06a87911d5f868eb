package io.kith.match;

import java.util.List;

/**
 * The records to match: a header and rows of raw string values (missing values as null, "" or placeholders such
 * as NA, which comparisons treat as missing). Rows are held, not copied.
 *
 * @param history null when each record has one value per column; else, per row, per column, the record's other values
 *                (a person's earlier names and addresses; null or empty when none), compared as well as its value in
 *                {@code rows} (see {@link io.kith.match.compare.Column#encodeMany}). Blocking keys come from {@code rows}.
 */
public record Records(List<String> columns, List<String[]> rows, List<String[][]> history) {
    public Records {
        columns = List.copyOf(columns);
        if (history != null && history.size() != rows.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but a history of " + history.size());
        }
    }

    public Records(List<String> columns, List<String[]> rows) {
        this(columns, rows, null);
    }

    /** The index of a column, matched exactly and then ignoring case and surrounding spaces. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < columns.size(); j++) {
            if (columns.get(j).strip().equalsIgnoreCase(name.strip())) {
                return j;
            }
        }
        throw new IllegalArgumentException("no column " + name + " among " + columns);
    }

    public String value(int row, int column) {
        String[] r = rows.get(row);
        return column < r.length ? r[column] : null;
    }

    /** The record's value in a column followed by its other values ({@code history}). */
    public String[] values(int row, int column) {
        String first = value(row, column);
        String[][] h = history == null ? null : history.get(row);
        String[] more = h == null || column >= h.length || h[column] == null ? new String[0] : h[column];
        String[] out = new String[more.length + 1];
        out[0] = first;
        System.arraycopy(more, 0, out, 1, more.length);
        return out;
    }

    public int size() {
        return rows.size();
    }
}
