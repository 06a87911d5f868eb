package io.kith.match.link;

import io.kith.match.block.BlockIndex;
import io.kith.match.block.Blocking;
import io.kith.match.block.BlockingRule;
import io.kith.match.Records;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Blocking keys from a profile's history: under each rule, the keys of the combinations of its values (the most recent
 * first, at most {@link #MAX_KEYS}), so that a person who moved is a candidate of the profile holding the old address.
 * A run's blocking ({@link Blocking}) keys each record once, by its current values; {@link #extraPairs} adds the pairs
 * only history keys produce.
 */
final class HistoryKeys {
    /** The most keys one record has under one rule. */
    static final int MAX_KEYS = 16;
    /** {0, 1, ..., n - 1} for a rule of n parts: a rule's key read from its parts' values in order. */
    private static final int[][] IDENTITY = java.util.stream.IntStream.range(0, 9).mapToObj(n -> java.util.stream.IntStream.range(0, n).toArray())
            .toArray(int[][]::new);

    private HistoryKeys() {
    }

    /**
     * Rule {@code rule}'s keys of a record's values ({@code values[column]}, the current value first), without
     * {@link Blocking#NONE}: the current values' key first, then combinations in order of how recent their values are
     * (the sum of their ranks), distinct, at most {@link #MAX_KEYS}.
     */
    static long[] keys(BlockingRule rule, int[] columns, String[][] values) {
        int parts = columns.length;
        boolean single = true;
        for (int column : columns) {
            single &= values[column].length <= 1;
        }
        if (single) { // most records: the current values' key alone, without enumerating combinations
            long key = rule.key(p -> values[columns[p]].length == 0 ? null : values[columns[p]][0], IDENTITY[parts]);
            return key == Blocking.NONE ? new long[0] : new long[] {key};
        }
        List<int[]> combos = new ArrayList<>();
        int[] at = new int[parts];
        int total = 1;
        for (int column : columns) {
            total *= Math.max(1, values[column].length);
        }
        for (int k = 0; k < total; k++) {
            combos.add(at.clone());
            for (int p = parts - 1; p >= 0; p--) {
                if (++at[p] < values[columns[p]].length) {
                    break;
                }
                at[p] = 0;
            }
        }
        combos.sort(Comparator.comparingInt(HistoryKeys::rank));
        LongArrayList out = new LongArrayList();
        String[] chosen = new String[columns.length];
        int[] direct = IDENTITY[parts];
        for (int[] combo : combos) {
            for (int p = 0; p < parts; p++) {
                chosen[p] = values[columns[p]][combo[p]];
            }
            long key = rule.key(p -> chosen[p], direct);
            if (key != Blocking.NONE && !out.contains(key)) {
                out.add(key);
                if (out.size() == MAX_KEYS) {
                    break;
                }
            }
        }
        return out.toLongArray();
    }

    private static int rank(int[] combo) {
        int sum = 0;
        for (int i : combo) {
            sum += i;
        }
        return sum;
    }

    /**
     * The candidate pairs ({@code a << 32 | b}, {@code a < b}) that share a key of their histories under a rule the run
     * kept, and no current key the run's blocking compared them on. A key held by more than {@code cap} records gives
     * only its first ones, as in the live index.
     */
    static LongOpenHashSet extraPairs(List<ProfileRecord> records, Blocking blocking, int cap) {
        List<BlockingRule> rules = blocking.rules();
        LongOpenHashSet out = new LongOpenHashSet();
        if (records.stream().noneMatch(ProfileRecord::hasHistory)) {
            return out;
        }
        Records shape = new Records(ProfileLinker.COLUMNS, List.of());
        int[][] ruleColumns = rules.stream().map(r -> r.parts().stream().mapToInt(p -> shape.column(p.column())).toArray()).toArray(int[][]::new);
        int n = records.size();
        long[][] current = new long[rules.size()][n];
        for (int r = 0; r < rules.size(); r++) {
            for (int i = 0; i < n; i++) {
                String[] row = records.get(i).row();
                current[r][i] = rules.get(r).key(col -> row[col], ruleColumns[r]);
            }
        }
        BlockIndex index = BlockIndex.of(current, cap);
        Long2ObjectOpenHashMap<IntArrayList> earlier = new Long2ObjectOpenHashMap<>();
        long[] probe = new long[rules.size()];
        for (int i = 0; i < n; i++) {
            ProfileRecord rec = records.get(i);
            if (!rec.hasHistory()) {
                continue;
            }
            for (int r = 0; r < rules.size(); r++) {
                if (blocking.stats().get(r).dropped() || rules.get(r).everyPair()) {
                    continue;
                }
                for (long k : keys(rules.get(r), ruleColumns[r], rec.values())) {
                    if (k == current[r][i]) {
                        continue;
                    }
                    int self = i;
                    java.util.Arrays.fill(probe, Blocking.NONE);
                    probe[r] = k;
                    index.candidates(probe, j -> add(out, blocking, self, j));
                    IntArrayList holders = earlier.computeIfAbsent(k * 31 + r, x -> new IntArrayList(2));
                    for (int h = 0; h < holders.size(); h++) {
                        add(out, blocking, i, holders.getInt(h));
                    }
                    if (holders.size() < cap) {
                        holders.add(i);
                    }
                }
            }
        }
        return out;
    }

    private static void add(LongOpenHashSet out, Blocking blocking, int x, int y) {
        if (x == y) {
            return;
        }
        int a = Math.min(x, y);
        int b = Math.max(x, y);
        if (blocking.sharedRules(a, b) == 0) {
            out.add((long) a << 32 | b);
        }
    }
}
