package io.kith.match;

import io.kith.match.block.Blocking;
import io.kith.match.block.BlockingRule;
import io.kith.match.cluster.Clustering;
import io.kith.match.cluster.Links;
import io.kith.match.compare.Column;
import io.kith.match.compare.Comparison;
import io.kith.match.estimate.Em;
import io.kith.match.estimate.ForcedAgreement;
import io.kith.match.estimate.Patterns;
import io.kith.match.estimate.UEstimate;
import io.kith.match.score.Model;
import io.kith.match.score.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deduplicates a table of records without labels (Fellegi-Sunter):
 * <ol>
 *   <li>prepare and dictionary-encode each compared column;</li>
 *   <li>block: candidate pairs are those sharing the key of at least one blocking rule;</li>
 *   <li>u from random pairs;</li>
 *   <li>m by EM, one session per blocking rule over the pairs sharing that rule's key, with the comparisons of the
 *       rule's own columns left out (their agreement there is forced by blocking, not evidence), and the comparisons
 *       the key forces all the same ({@link ForcedAgreement}); each comparison's m is the median over the sessions
 *       that trained it;</li>
 *   <li>the prior λ: the expected number of matches among candidate pairs over all pairs;</li>
 *   <li>u again without the matches the model expects among the random pairs, and m and λ again, to a fixed point;</li>
 *   <li>score every candidate pair, link those at or above the threshold, and cluster the links.</li>
 * </ol>
 * Stateless; the work of one run is spread over {@link MatchSettings#threads()} threads.
 */
public final class Matcher {
    /** One EM session: the rule whose pairs it trained on, what it trained, and what it found. */
    public record Session(String rule, long pairs, List<String> trained, double lambda, int iterations, boolean converged) {
    }

    /** Timings in milliseconds of the steps of a run. */
    public record Timings(long encode, long block, long estimateU, long estimateM, long score, long cluster) {
        public long total() {
            return encode + block + estimateU + estimateM + score + cluster;
        }
    }

    /** The most rounds of u taken again without the expected matches (see {@link #deduplicate}). */
    static final int U_ROUNDS = 10;

    private Matcher() {
    }

    /** Trains a model on the records, scores the candidate pairs and clusters them. */
    public static MatchResult deduplicate(Records records, MatchSettings settings) {
        long t0 = System.nanoTime();
        int n = records.size();
        List<Column> columns = encode(records, settings.comparisons());
        long t1 = System.nanoTime();
        Blocking blocking = block(records, settings.blocking(), settings.maxBlock(), settings.maxPairsPerRecord() * (long) n);
        long t2 = System.nanoTime();
        UEstimate.Sample sample = UEstimate.sample(columns, settings.uSamples(), settings.seed());
        double[][] u = sample.u();
        long t3 = System.nanoTime();

        // one pass over the candidate pairs counts the level patterns, overall and per rule
        int rules = settings.blocking().size();
        long[] active = new long[rules];
        for (int r = 0; r < rules; r++) {
            java.util.Set<String> ruleColumns = settings.blocking().get(r).columns();
            for (int c = 0; c < columns.size(); c++) {
                if (!ruleColumns.contains(settings.comparisons().get(c).column())) {
                    active[r] |= 1L << c;
                }
            }
        }
        // the levels of every pair are kept per work unit (8 bytes a pair), so scoring need not compare again
        long[][] levelsByUnit = new long[blocking.units().size()][];
        List<PatternVisitor> counted = blocking.visit(() -> new PatternVisitor(columns, blocking, active, levelsByUnit), settings.threads());
        Patterns all = new Patterns();
        Patterns[] perRule = new Patterns[rules];
        for (int r = 0; r < rules; r++) {
            perRule[r] = new Patterns();
        }
        for (PatternVisitor v : counted) {
            v.finish();
            all.addAll(v.all);
            for (int r = 0; r < rules; r++) {
                perRule[r].addAll(v.perRule[r]);
            }
        }
        double[][] mStart = startingM(settings.comparisons());
        double allPairs = (double) n * (n - 1) / 2;
        Training training = train(settings, perRule, all, active, u, mStart, allPairs, columns.size());
        /*
         * The random pairs that give u hold the table's matches too, a share λ of them: negligible in a large table, not
         * in a small one with many duplicates (fake_1000: 0.4 % of all pairs, yet 86 % of the random pairs that agree
         * exactly on the birth date are matches). Left in, they make agreeing look common among non-matches (+7.9 bits
         * for an exact birth date instead of +10.7), and true pairs with one strong field and the rest missing stayed
         * below 0.5. So u is taken again without the matches the model expects among the random pairs (λ·m), and m and
         * λ trained again with it, until λ settles (2-3 rounds). A term-frequency adjusted level keeps its weight,
         * log2(m / the value's frequency): set against the u with matches instead, it gained fake_1000 another 0.007 of
         * links F1 but gave every exact e-mail +4.8 bits there, namesakes sharing one included, and the synthetic
         * 100,000-record bench lost 0.03 of links F1.
         */
        for (int round = 0; round < U_ROUNDS; round++) {
            double[][] next = sample.withoutMatches(training.m(), training.lambda());
            Training again = train(settings, perRule, all, active, next, mStart, allPairs, columns.size());
            boolean settled = Math.abs(again.lambda() - training.lambda()) <= 1e-3 * training.lambda();
            u = next;
            training = again;
            if (settled) {
                break;
            }
        }
        double[][] m = training.m();
        double lambda = training.lambda();
        List<Session> sessions = training.sessions();
        Model model = new Model(settings.comparisons(), m, u, lambda, settings.tfMinimum());
        Scorer scorer = new Scorer(model, columns);
        long t4 = System.nanoTime();

        double minWeight = settings.thresholdWeight();
        List<LinkVisitor> scored = blocking.visit(() -> new LinkVisitor(scorer, minWeight, levelsByUnit), settings.threads());
        Links links = new Links();
        long pairs = 0;
        for (LinkVisitor v : scored) {
            links.addAll(v.links);
            pairs += v.pairs;
        }
        long t5 = System.nanoTime();
        Clustering clustering = Clustering.of(n, links, minWeight, settings.minClusterDensity());
        long t6 = System.nanoTime();
        return new MatchResult(records, settings, scorer, blocking, pairs, links, clustering, sessions,
                new Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), ms(t6 - t5)));
    }

    private record Training(double[][] m, double lambda, List<Session> sessions) {
    }

    private static Training train(MatchSettings settings, Patterns[] perRule, Patterns all, long[] active, double[][] u, double[][] mStart,
                                  double allPairs, int comparisons) {
        int rules = perRule.length;
        List<double[][]> trained = new ArrayList<>();
        List<Long> trainedMasks = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        long covered = 0;
        for (int r = 0; r < rules; r++) {
            if (perRule[r].total() < 10 || active[r] == 0 || settings.blocking().get(r).everyPair()) {
                // every pair is no key: its pairs are nearly all non-matches, and what the other rules' sessions learn
                // from holds the same matches
                continue;
            }
            // the comparisons the rule's key forces to agree separate nothing in its session (see ForcedAgreement)
            long mask = active[r] & ~ForcedAgreement.of(perRule[r], active[r], u, mStart, settings.emIterations());
            if (mask == 0) {
                continue;
            }
            Em.Result result = Em.run(perRule[r], mask, u, mStart, 0.1, settings.emIterations(), 1e-6);
            trained.add(result.m());
            trainedMasks.add(mask);
            covered |= mask;
            sessions.add(new Session(settings.blocking().get(r).toString(), perRule[r].total(), names(settings.comparisons(), mask),
                    result.lambda(), result.iterations(), result.converged()));
        }
        long everything = comparisons == 64 ? -1L : (1L << comparisons) - 1;
        if ((covered & everything) != everything && all.total() > 0) {
            // some comparison uses a column of every rule: train it on all candidate pairs
            Em.Result result = Em.run(all, everything, u, mStart, 0.1, settings.emIterations(), 1e-6);
            trained.add(result.m());
            trainedMasks.add(everything & ~covered);
            sessions.add(new Session("all candidate pairs", all.total(), names(settings.comparisons(), everything & ~covered),
                    result.lambda(), result.iterations(), result.converged()));
        }
        double[][] m = median(mStart, trained, trainedMasks);
        double lambda = all.total() == 0 ? 1.0 / Math.max(2, allPairs) : Em.prior(all, m, u, allPairs, Math.max(1e-12, 0.1 * all.total() / allPairs), 200);
        lambda = Math.min(0.5, Math.max(1e-12, lambda));
        return new Training(m, lambda, List.copyOf(sessions));
    }

    /** The prepared, encoded column of every comparison (of several values per record with a {@link Records#history}). */
    public static List<Column> encode(Records records, List<Comparison> comparisons) {
        List<Column> columns = new ArrayList<>();
        for (Comparison c : comparisons) {
            int index = records.column(c.column());
            if (records.history() != null && c.swapWith() == null) {
                columns.add(Column.encodeMany(c, records.size(), i -> records.values(i, index)));
                continue;
            }
            int swap = c.swapWith() == null ? index : records.column(c.swapWith());
            columns.add(Column.encode(c, records.size(), i -> records.value(i, index), i -> records.value(i, swap)));
        }
        return columns;
    }

    /** Every record's key under every rule, grouped into blocks. */
    public static Blocking block(Records records, List<BlockingRule> rules, int maxBlock, long maxPairs) {
        return Blocking.of(rules, keys(records, rules), maxBlock, maxPairs);
    }

    /** {@code keys[r][i]}: rule r's key hash of record i ({@link Blocking#NONE} when a part is missing). */
    public static long[][] keys(Records records, List<BlockingRule> rules) {
        long[][] keys = new long[rules.size()][records.size()];
        for (int r = 0; r < rules.size(); r++) {
            BlockingRule rule = rules.get(r);
            int[] indexes = rule.parts().stream().mapToInt(p -> records.column(p.column())).toArray();
            long[] k = keys[r];
            java.util.stream.IntStream.range(0, records.size()).parallel().forEach(i -> k[i] = rule.key(c -> records.value(i, c), indexes));
        }
        return keys;
    }

    /**
     * Starting m: most matches agree exactly (0.9 spread over the levels before the last, halving at each), the
     * rest disagree.
     */
    static double[][] startingM(List<Comparison> comparisons) {
        double[][] m = new double[comparisons.size()][];
        for (int c = 0; c < comparisons.size(); c++) {
            int levels = comparisons.get(c).size();
            m[c] = new double[levels];
            if (levels == 1) {
                m[c][0] = 1;
                continue;
            }
            double sum = 0;
            for (int l = 0; l < levels - 1; l++) {
                m[c][l] = Math.pow(0.5, l);
                sum += m[c][l];
            }
            for (int l = 0; l < levels - 1; l++) {
                m[c][l] *= 0.9 / sum;
            }
            m[c][levels - 1] = 0.1;
        }
        return m;
    }

    /** Per comparison and level, the median over the sessions that trained the comparison, renormalised. */
    static double[][] median(double[][] start, List<double[][]> trained, List<Long> masks) {
        double[][] m = new double[start.length][];
        for (int c = 0; c < start.length; c++) {
            List<double[]> rows = new ArrayList<>();
            for (int s = 0; s < trained.size(); s++) {
                if ((masks.get(s) & (1L << c)) != 0) {
                    rows.add(trained.get(s)[c]);
                }
            }
            if (rows.isEmpty()) {
                m[c] = start[c].clone();
                continue;
            }
            m[c] = new double[start[c].length];
            double sum = 0;
            for (int l = 0; l < m[c].length; l++) {
                double[] values = new double[rows.size()];
                for (int s = 0; s < rows.size(); s++) {
                    values[s] = rows.get(s)[l];
                }
                Arrays.sort(values);
                int k = values.length;
                m[c][l] = k % 2 == 1 ? values[k / 2] : (values[k / 2 - 1] + values[k / 2]) / 2;
                sum += m[c][l];
            }
            for (int l = 0; l < m[c].length; l++) {
                m[c][l] /= sum;
            }
        }
        return m;
    }

    private static List<String> names(List<Comparison> comparisons, long mask) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < comparisons.size(); c++) {
            if ((mask & (1L << c)) != 0) {
                names.add(comparisons.get(c).name());
            }
        }
        return names;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static final class PatternVisitor implements Blocking.PairVisitor {
        final Patterns all = new Patterns();
        final Patterns[] perRule;
        private final Column[] columns;
        private final Blocking blocking;
        private final long[] active;
        private final int[] levels;
        private final long[][] byUnit;
        private int unit = -1;
        private it.unimi.dsi.fastutil.longs.LongArrayList current = new it.unimi.dsi.fastutil.longs.LongArrayList();

        PatternVisitor(List<Column> columns, Blocking blocking, long[] active, long[][] byUnit) {
            this.byUnit = byUnit;
            this.columns = columns.toArray(Column[]::new);
            this.blocking = blocking;
            this.active = active;
            this.levels = new int[columns.size()];
            this.perRule = new Patterns[active.length];
            for (int r = 0; r < active.length; r++) {
                perRule[r] = new Patterns();
            }
        }

        @Override
        public void unit(int next) {
            if (unit >= 0) {
                byUnit[unit] = current.toLongArray();
                current.clear();
            }
            unit = next;
        }

        void finish() {
            unit(-1);
        }

        @Override
        public void pair(int a, int b, int rule) {
            for (int c = 0; c < columns.length; c++) {
                levels[c] = columns[c].level(a, b);
            }
            long pattern = Patterns.encode(levels);
            current.add(pattern);
            all.add(pattern, 1);
            long shared = blocking.sharedRules(a, b);
            while (shared != 0) {
                int r = Long.numberOfTrailingZeros(shared);
                shared &= shared - 1;
                perRule[r].add(Patterns.mask(pattern, active[r]), 1);
            }
        }
    }

    private static final class LinkVisitor implements Blocking.PairVisitor {
        final Links links = new Links();
        long pairs;
        private final Scorer scorer;
        private final double minWeight;
        private final long[][] byUnit;
        private long[] current;
        private int cursor;

        LinkVisitor(Scorer scorer, double minWeight, long[][] byUnit) {
            this.scorer = scorer;
            this.minWeight = minWeight;
            this.byUnit = byUnit;
        }

        @Override
        public void unit(int unit) {
            current = byUnit[unit];
            byUnit[unit] = null; // read once: let it go
            cursor = 0;
        }

        @Override
        public void pair(int a, int b, int rule) {
            pairs++;
            double w = scorer.weight(current[cursor++], a, b);
            if (w >= minWeight) {
                links.add(a, b, w);
            }
        }
    }
}
