package io.kith.match;

import io.kith.match.block.BlockIndex;
import io.kith.match.block.BlockingRule;
import io.kith.match.compare.Comparison;
import io.kith.match.score.PairScore;
import io.kith.match.score.Scorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores one new record against a matched table: its blocking keys are looked up in a {@link BlockIndex} of the
 * table, and only those candidates are scored with the table's trained model (and its term frequencies). This is
 * the building block for matching a new CRM record on arrival; it does not change the table, the model or the
 * clusters. Immutable; thread-safe.
 */
public final class IncrementalMatcher {
    /** The candidates a lookup found and those at or above the probability asked for, strongest first. */
    public record Result(int candidates, List<PairScore> matches) {
    }

    private final Records records;
    private final Scorer scorer;
    private final List<BlockingRule> rules;
    private final int[][] ruleColumns;
    private final int[] comparisonColumns;
    private final int[] swapColumns;
    private final BlockIndex index;

    private IncrementalMatcher(Records records, Scorer scorer, List<BlockingRule> rules, BlockIndex index) {
        this.records = records;
        this.scorer = scorer;
        this.rules = rules;
        this.index = index;
        this.ruleColumns = rules.stream().map(r -> r.parts().stream().mapToInt(p -> records.column(p.column())).toArray()).toArray(int[][]::new);
        this.comparisonColumns = scorer.model().comparisons().stream().mapToInt(c -> records.column(c.column())).toArray();
        this.swapColumns = scorer.model().comparisons().stream().mapToInt(c -> records.column(c.swapWith() == null ? c.column() : c.swapWith()))
                .toArray();
    }

    /**
     * Indexes a matched table for lookups; blocking rules that the run dropped as too loose are left out too, and so is
     * {@link BlockingRule#EVERY_PAIR} (a new record is looked up by its keys, never against the whole table).
     *
     * @param cap the most records kept per key (see {@link BlockIndex})
     */
    public static IncrementalMatcher of(MatchResult matched, int cap) {
        List<BlockingRule> rules = new ArrayList<>();
        for (var s : matched.blocking().stats()) {
            if (!s.dropped() && !s.rule().everyPair()) {
                rules.add(s.rule());
            }
        }
        long[][] keys = Matcher.keys(matched.records(), rules);
        return new IncrementalMatcher(matched.records(), matched.scorer(), List.copyOf(rules), BlockIndex.of(keys, cap));
    }

    /** The records of the table that may be the same as {@code row} (raw values in the table's column order). */
    public Result match(String[] row, double minProbability) {
        long[] keys = new long[rules.size()];
        for (int r = 0; r < keys.length; r++) {
            keys[r] = rules.get(r).key(c -> c < row.length ? row[c] : null, ruleColumns[r]);
        }
        List<Comparison> comparisons = scorer.model().comparisons();
        String[] prepared = new String[comparisons.size()];
        for (int c = 0; c < prepared.length; c++) {
            int col = comparisonColumns[c];
            int swap = swapColumns[c];
            prepared[c] = comparisons.get(c).prepared(col < row.length ? row[col] : null, swap < row.length ? row[swap] : null);
        }
        it.unimi.dsi.fastutil.ints.IntOpenHashSet seen = new it.unimi.dsi.fastutil.ints.IntOpenHashSet();
        index.candidates(keys, seen::add);
        double minWeight = Math.log(minProbability / (1 - minProbability)) / Math.log(2);
        List<PairScore> matches = new ArrayList<>();
        var it = seen.iterator();
        while (it.hasNext()) {
            int candidate = it.nextInt();
            if (scorer.weight(candidate, prepared) >= minWeight) {
                matches.add(scorer.explain(candidate, prepared));
            }
        }
        matches.sort(Comparator.comparingDouble(PairScore::weight).reversed());
        return new Result(seen.size(), List.copyOf(matches));
    }

    public BlockIndex index() {
        return index;
    }

    public Records records() {
        return records;
    }
}
