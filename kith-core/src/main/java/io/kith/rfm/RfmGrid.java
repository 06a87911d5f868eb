package io.kith.rfm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The R × FM grid of an analysis, for charts: how many customers, and how much revenue, each of the 25 cells holds,
 * with the cell's segment.
 *
 * @param cells all 25 cells, R from 5 down to 1, and within an R, FM from 1 up to 5 (the order of a grid drawn with
 *              the best recency on top)
 */
public record RfmGrid(List<Cell> cells) {
    /** One cell: the customers with this R and this FM, and the sum of their monetary values. */
    public record Cell(int r, int fm, String segment, int customers, BigDecimal monetary) {
    }

    /** The totals of one segment. */
    public record SegmentTotal(String segment, int customers, BigDecimal monetary) {
    }

    public RfmGrid {
        cells = List.copyOf(cells);
    }

    static RfmGrid of(List<CustomerRfm> customers, SegmentMap map) {
        int[][] counts = new int[5][5];
        BigDecimal[][] sums = new BigDecimal[5][5];
        for (BigDecimal[] row : sums) {
            java.util.Arrays.fill(row, BigDecimal.ZERO);
        }
        for (CustomerRfm c : customers) {
            int r = c.score().r() - 1;
            int fm = c.score().fm() - 1;
            counts[r][fm]++;
            sums[r][fm] = sums[r][fm].add(c.monetary());
        }
        List<Cell> cells = new ArrayList<>(25);
        for (int r = 5; r >= 1; r--) {
            for (int fm = 1; fm <= 5; fm++) {
                cells.add(new Cell(r, fm, map.segmentOf(r, fm), counts[r - 1][fm - 1], sums[r - 1][fm - 1]));
            }
        }
        return new RfmGrid(cells);
    }

    /** The cell R × FM. */
    public Cell cell(int r, int fm) {
        return cells.get((5 - r) * 5 + fm - 1);
    }

    /** Customers and revenue per segment, in the order the map lists its segments (a segment may have none). */
    public List<SegmentTotal> segments(SegmentMap map) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        for (String s : map.segments()) {
            counts.put(s, new int[1]);
            sums.put(s, BigDecimal.ZERO);
        }
        for (Cell c : cells) {
            counts.computeIfAbsent(c.segment(), s -> new int[1])[0] += c.customers();
            sums.merge(c.segment(), c.monetary(), BigDecimal::add);
        }
        List<SegmentTotal> totals = new ArrayList<>();
        counts.forEach((s, n) -> totals.add(new SegmentTotal(s, n[0], sums.get(s))));
        return totals;
    }
}
