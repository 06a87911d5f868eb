package io.kith.match;

import java.util.List;

/**
 * The records to match: a header and rows of raw string values (missing values as null, "" or placeholders such
 * as NA, which comparisons treat as missing). Rows are held, not copied.
 */
public record Records(List<String> columns, List<String[]> rows) {
    public Records {
        columns = List.copyOf(columns);
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

    public int size() {
        return rows.size();
    }
}
