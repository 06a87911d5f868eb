package io.kith.match.block;

import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The candidate pairs of a set of records under OR'ed blocking rules. For each rule the records are grouped by key
 * hash; a pair is produced by the first rule whose key both records share, so no pair is produced twice. A block
 * larger than {@code maxBlock} is skipped and counted (a very common key, such as a placeholder date, would
 * otherwise cost quadratically). Immutable once built; {@link #visit} may run on several threads.
 */
public final class Blocking {
    /** The key hash of a record without a key under a rule. */
    public static final long NONE = 0L;

    /** Receives candidate pairs; one instance per thread. */
    public interface PairVisitor {
        /** A candidate pair, {@code a < b}, produced by rule {@code rule}. */
        void pair(int a, int b, int rule);

        /**
         * The pairs that follow are those of work unit {@code unit} (of {@link #units()}), until the next call. A
         * unit's pairs always come in the same order, so what a first visit stored per unit a second can read back.
         */
        default void unit(int unit) {
        }
    }

    /** What blocking found per rule: blocks, pairs produced, and oversized blocks skipped. */
    public record RuleStats(BlockingRule rule, long blocks, long pairs, long largestBlock, long skippedBlocks, long skippedRecords,
                            boolean dropped) {
    }

    private final List<BlockingRule> rules;
    private final long[][] keys;
    private final int[][] order;
    private final int[][] starts;
    private final LongOpenHashSet[] oversized;
    private final boolean[] dropped;
    private final List<RuleStats> stats;

    private Blocking(List<BlockingRule> rules, long[][] keys, int[][] order, int[][] starts, LongOpenHashSet[] oversized, boolean[] dropped,
                     List<RuleStats> stats) {
        this.rules = rules;
        this.dropped = dropped;
        this.keys = keys;
        this.order = order;
        this.starts = starts;
        this.oversized = oversized;
        this.stats = stats;
    }

    /**
     * Groups {@code keys[r][i]} (rule r's key of record i, {@link #NONE} for none) into blocks.
     *
     * @param maxBlock blocks with more records are skipped (not {@link BlockingRule#EVERY_PAIR}'s)
     * @param maxPairs a rule whose blocks hold more pairs is dropped whole: it is too loose for this many records (a
     *                 rule such as initial(surname) and birth year is cheap on 5,000 records and quadratic on 1,000,000);
     *                 never {@link BlockingRule#EVERY_PAIR}
     */
    public static Blocking of(List<BlockingRule> rules, long[][] keys, int maxBlock, long maxPairs) {
        int n = keys.length == 0 ? 0 : keys[0].length;
        int[][] order = new int[rules.size()][];
        int[][] starts = new int[rules.size()][];
        LongOpenHashSet[] oversized = new LongOpenHashSet[rules.size()];
        boolean[] dropped = new boolean[rules.size()];
        List<RuleStats> stats = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            long[] k = keys[r];
            int present = 0;
            for (int i = 0; i < n; i++) {
                if (k[i] != NONE) {
                    present++;
                }
            }
            int[] idx = new int[present];
            for (int i = 0, j = 0; i < n; i++) {
                if (k[i] != NONE) {
                    idx[j++] = i;
                }
            }
            IntArrays.parallelQuickSort(idx, (x, y) -> {
                int c = Long.compare(k[x], k[y]);
                return c != 0 ? c : Integer.compare(x, y);
            });
            List<Integer> s = new ArrayList<>();
            oversized[r] = new LongOpenHashSet();
            long blocks = 0;
            long largest = 0;
            long skipped = 0;
            long skippedRecords = 0;
            long pairs = 0;
            int i = 0;
            while (i < present) {
                int j = i + 1;
                while (j < present && k[idx[j]] == k[idx[i]]) {
                    j++;
                }
                int size = j - i;
                largest = Math.max(largest, size);
                if (size > maxBlock && !rules.get(r).everyPair()) {
                    oversized[r].add(k[idx[i]]);
                    skipped++;
                    skippedRecords += size;
                } else if (size > 1) {
                    s.add(i);
                    s.add(j);
                    blocks++;
                    pairs += (long) size * (size - 1) / 2;
                }
                i = j;
            }
            dropped[r] = pairs > maxPairs && !rules.get(r).everyPair();
            order[r] = idx;
            starts[r] = dropped[r] ? new int[0] : s.stream().mapToInt(Integer::intValue).toArray();
            stats.add(new RuleStats(rules.get(r), blocks, pairs, largest, skipped, skippedRecords, dropped[r]));
        }
        return new Blocking(List.copyOf(rules), keys, order, starts, oversized, dropped, stats);
    }

    /** Per rule: blocks, pairs within them (before removing pairs an earlier rule produced), skipped blocks. */
    public List<RuleStats> stats() {
        return stats;
    }

    public List<BlockingRule> rules() {
        return rules;
    }

    /** Whether records {@code a} and {@code b} share rule {@code r}'s key in a block that was not skipped. */
    public boolean shares(int r, int a, int b) {
        long ka = keys[r][a];
        return !dropped[r] && ka != NONE && ka == keys[r][b] && !oversized[r].contains(ka);
    }

    /** The rules (bit r for rule r, at most 64) whose key records {@code a} and {@code b} share. */
    public long sharedRules(int a, int b) {
        long mask = 0;
        for (int r = 0; r < rules.size() && r < 64; r++) {
            if (shares(r, a, b)) {
                mask |= 1L << r;
            }
        }
        return mask;
    }

    /**
     * Gives every candidate pair once to one of the visitors, made by {@code make}, one per thread; returns them all so
     * the caller can merge what they gathered.
     */
    public <V extends PairVisitor> List<V> visit(Supplier<V> make, int threads) {
        List<int[]> units = units();
        List<V> visitors = new ArrayList<>();
        if (threads <= 1) {
            V v = make.get();
            visitors.add(v);
            for (int u = 0; u < units.size(); u++) {
                v.unit(u);
                visitUnit(units.get(u), v);
            }
            return visitors;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kith-match-blocking");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                V v = make.get();
                visitors.add(v);
                futures.add(pool.submit(() -> {
                    for (int u = next.getAndIncrement(); u < units.size(); u = next.getAndIncrement()) {
                        v.unit(u);
                        visitUnit(units.get(u), v);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while visiting candidate pairs", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return visitors;
    }

    private List<int[]> units;

    /** The work units: (rule, first block, end block) slices of about 200,000 pairs. */
    public synchronized List<int[]> units() {
        if (units != null) {
            return units;
        }
        List<int[]> units = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            int[] s = starts[r];
            long budget = 0;
            int from = 0;
            for (int b = 0; b < s.length; b += 2) {
                long size = s[b + 1] - s[b];
                budget += size * (size - 1) / 2;
                if (budget > 200_000) {
                    units.add(new int[] {r, from, b + 2});
                    from = b + 2;
                    budget = 0;
                }
            }
            if (from < s.length) {
                units.add(new int[] {r, from, s.length});
            }
        }
        this.units = List.copyOf(units);
        return this.units;
    }

    private void visitUnit(int[] unit, PairVisitor v) {
        int r = unit[0];
        int[] s = starts[r];
        int[] idx = order[r];
        for (int b = unit[1]; b < unit[2]; b += 2) {
            for (int x = s[b]; x < s[b + 1]; x++) {
                for (int y = x + 1; y < s[b + 1]; y++) {
                    int a = Math.min(idx[x], idx[y]);
                    int c = Math.max(idx[x], idx[y]);
                    if (!earlier(r, a, c)) {
                        v.pair(a, c, r);
                    }
                }
            }
        }
    }

    private boolean earlier(int r, int a, int b) {
        for (int q = 0; q < r; q++) {
            if (shares(q, a, b)) {
                return true;
            }
        }
        return false;
    }

    /** The number of distinct candidate pairs (counts every pair once; costs one pass without comparing). */
    public long countPairs(int threads) {
        return visit(Counter::new, threads).stream().mapToLong(c -> c.count).sum();
    }

    private static final class Counter implements PairVisitor {
        long count;

        @Override
        public void pair(int a, int b, int rule) {
            count++;
        }
    }
}
