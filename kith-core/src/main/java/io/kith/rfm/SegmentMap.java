package io.kith.rfm;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named segments of the R × FM grid: each of the 25 cells (R 1 to 5 by FM 1 to 5, FM being
 * {@link RfmScore#fm()}) belongs to exactly one segment. Immutable and thread-safe.
 *
 * <p>Written as text, one segment a line, {@code name = cells}, where cells are {@code R:FM} pairs separated by
 * commas, and each side is a score ({@code 3}), a range ({@code 1-2}) or {@code *} (1 to 5). {@code #} starts a
 * comment. Names may hold spaces; the order of the lines is the order segments are listed in. See
 * {@link #STANDARD_TEXT} for the default map.
 */
public final class SegmentMap {
    /**
     * The standard map: the R × FM grid widely used in RFM write-ups (the ten-segment "R vs FM" map), with Lost
     * split off Hibernating at R = 1. As a grid, R from 5 (top) to 1, FM from 1 (left) to 5:
     * <pre>
     * R=5  New Customers   Potential Loyalists  Potential Loyalists  Champions  Champions
     * R=4  Promising       Potential Loyalists  Potential Loyalists  Loyal      Loyal
     * R=3  About to Sleep  About to Sleep       Need Attention       Loyal      Loyal
     * R=2  Hibernating     Hibernating          At Risk              At Risk    Cannot Lose Them
     * R=1  Lost            Lost                 At Risk              At Risk    Cannot Lose Them
     * </pre>
     */
    public static final String STANDARD_TEXT = """
            # segment = R:FM cells (R recency score, FM the rounded mean of the F and M scores)
            Champions           = 5:4-5
            Loyal               = 3-4:4-5
            Potential Loyalists = 4-5:2-3
            New Customers       = 5:1
            Promising           = 4:1
            Need Attention      = 3:3
            About to Sleep      = 3:1-2
            At Risk             = 1-2:3-4
            Cannot Lose Them    = 1-2:5
            Hibernating         = 2:1-2
            Lost                = 1:1-2
            """;

    private static final Pattern LINE = Pattern.compile("([^=]+)=(.*)");
    private static final Pattern CELL = Pattern.compile("\\s*([1-5*]|[1-5]-[1-5])\\s*:\\s*([1-5*]|[1-5]-[1-5])\\s*");
    /** After the patterns, which parsing it needs. */
    private static final SegmentMap STANDARD = parse(STANDARD_TEXT, "the standard segment map");

    /** The segment of each cell, by [r - 1][fm - 1]. */
    private final String[][] cells;
    private final List<String> names;

    private SegmentMap(String[][] cells, List<String> names) {
        this.cells = cells;
        this.names = names;
    }

    /** The standard map, {@link #STANDARD_TEXT}. */
    public static SegmentMap standard() {
        return STANDARD;
    }

    /**
     * Reads a map; every one of the 25 cells must be in exactly one segment.
     *
     * @param source names the text in error messages (a file name)
     * @throws KithException {@link ErrorCode#INVALID_CONFIG} naming the line and what is wrong with it
     */
    public static SegmentMap parse(String text, String source) {
        String[][] cells = new String[5][5];
        int[][] lineOf = new int[5][5];
        List<String> names = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || m.group(1).isBlank()) {
                throw error(source, lineNo, "expected \"segment name = R:FM, ...\"; got \"" + line.strip() + "\"");
            }
            String name = m.group(1).strip().replaceAll("\\s+", " ");
            if (names.contains(name)) {
                throw error(source, lineNo, "segment \"" + name + "\" is defined twice; list all its cells on one line");
            }
            names.add(name);
            for (String cell : m.group(2).split(",", -1)) {
                Matcher c = CELL.matcher(cell);
                if (!c.matches()) {
                    throw error(source, lineNo, "a cell is R:FM, each a score 1-5, a range such as 1-2, or *; got \"" + cell.strip() + "\"");
                }
                int[] r = range(c.group(1));
                int[] fm = range(c.group(2));
                if (r[0] > r[1] || fm[0] > fm[1]) {
                    throw error(source, lineNo, "a range goes from low to high; got \"" + cell.strip() + "\"");
                }
                for (int ri = r[0]; ri <= r[1]; ri++) {
                    for (int fi = fm[0]; fi <= fm[1]; fi++) {
                        if (cells[ri - 1][fi - 1] != null) {
                            throw error(source, lineNo, "cell R=" + ri + " FM=" + fi + " of \"" + name + "\" is already in \""
                                    + cells[ri - 1][fi - 1] + "\" (line " + lineOf[ri - 1][fi - 1] + ")");
                        }
                        cells[ri - 1][fi - 1] = name;
                        lineOf[ri - 1][fi - 1] = lineNo;
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (int r = 5; r >= 1; r--) {
            for (int fm = 1; fm <= 5; fm++) {
                if (cells[r - 1][fm - 1] == null) {
                    missing.add(r + ":" + fm);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, source + ": every R:FM cell needs a segment; these have none: " + String.join(", ", missing));
        }
        return new SegmentMap(cells, Collections.unmodifiableList(names));
    }

    /** The segment of a customer with these scores. */
    public String segmentOf(RfmScore score) {
        return segmentOf(score.r(), score.fm());
    }

    /** The segment of the cell R × FM, each 1 to 5. */
    public String segmentOf(int r, int fm) {
        if (r < 1 || r > 5 || fm < 1 || fm > 5) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "R and FM are 1 to 5; got R=" + r + " FM=" + fm);
        }
        return cells[r - 1][fm - 1];
    }

    /** The segments' names, in the order the map lists them. */
    public List<String> segments() {
        return names;
    }

    private static int[] range(String s) {
        if (s.equals("*")) {
            return new int[] {1, 5};
        }
        int dash = s.indexOf('-');
        if (dash < 0) {
            int v = Integer.parseInt(s);
            return new int[] {v, v};
        }
        return new int[] {Integer.parseInt(s.substring(0, dash)), Integer.parseInt(s.substring(dash + 1))};
    }

    private static KithException error(String source, int line, String what) {
        return new KithException(ErrorCode.INVALID_CONFIG, source + " line " + line + ": " + what);
    }

    /** Maps are equal when they list the same segments in the same order and give every cell the same one. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentMap m && names.equals(m.names) && java.util.Arrays.deepEquals(cells, m.cells);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + java.util.Arrays.deepHashCode(cells);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 5; r >= 1; r--) {
            sb.append("R=").append(r);
            for (int fm = 1; fm <= 5; fm++) {
                sb.append(fm == 1 ? "  " : " | ").append(cells[r - 1][fm - 1]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
