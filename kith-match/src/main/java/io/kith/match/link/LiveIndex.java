package io.kith.match.link;

import io.kith.identity.ProbableLinks;
import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.match.Records;
import io.kith.match.block.BlockingRule;
import io.kith.match.compare.Column;
import io.kith.match.compare.Comparison;
import io.kith.match.score.Model;
import io.kith.match.score.Scorer;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocking index of the live profiles, kept between full runs of the matcher so that a new or changed profile is
 * scored within moments against the profiles sharing a blocking key with it, not in a whole pass: for every blocking rule
 * the last full run kept, key → the profiles holding it (at most {@code cap} per key, like {@link io.kith.match.block.BlockIndex}),
 * and every profile's prepared values. Scores with the run's model and its term frequencies. Built from a full run
 * ({@link ProfileLinker#link}), then updated profile by profile ({@link #put}, {@link #remove}). Not thread-safe: one
 * thread (the job's) uses it.
 */
public final class LiveIndex {
    /** What scoring one profile found: candidates compared, and the links in the band, strongest first. */
    public record Scored(int candidates, List<Link> links) {
    }

    /**
     * A profile as the index holds it: its current values prepared (null when missing), its blocking keys, and for a
     * profile with history (few) the record, for where its values came from, and every value of each column prepared
     * (the current one first); null for the others, which cost what they did before histories.
     */
    private record Entry(String[] prepared, long[] keys, ProfileRecord history, String[][] all) {
        int count(int c) {
            return all == null ? (prepared[c] == null ? 0 : 1) : all[c].length;
        }

        String value(int c, int i) {
            return all == null ? prepared[c] : all[c][i];
        }

        ProbableLinks.Value origin(int column, String value) {
            return history == null ? ProfileRecord.origin(value) : history.origin(column, value);
        }
    }

    private final Model model;
    private final Column[] columns;
    private final List<BlockingRule> rules;
    private final int[][] ruleColumns;
    private final int[] comparisonColumns;
    private final double minWeight;
    private final double maxProbability;
    private final String modelVersion;
    private final int cap;
    private final Map<String, Entry> entries = new HashMap<>();
    /** (rule, key) mixed into one long → the profiles holding that key, in the order they came. */
    private final Long2ObjectOpenHashMap<List<String>> byKey = new Long2ObjectOpenHashMap<>();

    LiveIndex(Scorer scorer, List<BlockingRule> rules, ProfileLinker.Settings settings, String modelVersion, int cap) {
        this.model = scorer.model();
        this.columns = scorer.columns().toArray(Column[]::new);
        this.rules = List.copyOf(rules);
        Records shape = new Records(ProfileLinker.COLUMNS, List.of());
        this.ruleColumns = rules.stream().map(r -> r.parts().stream().mapToInt(p -> shape.column(p.column())).toArray()).toArray(int[][]::new);
        this.comparisonColumns = model.comparisons().stream().mapToInt(c -> shape.column(c.column())).toArray();
        this.minWeight = Math.log(settings.minProbability() / (1 - settings.minProbability())) / Math.log(2);
        this.maxProbability = settings.maxProbability();
        this.modelVersion = modelVersion;
        this.cap = cap;
    }

    /** Adds a profile's record of current values ({@link ProfileLinker#record}), or replaces the one it had. */
    public void put(String profileId, String[] row) {
        put(profileId, ProfileRecord.of(row));
    }

    /** Adds a profile's record with its history, or replaces the one it had. */
    public void put(String profileId, ProfileRecord record) {
        remove(profileId);
        Entry e = entry(record);
        entries.put(profileId, e);
        for (long k : e.keys) {
            if (k != 0) {
                List<String> holders = byKey.computeIfAbsent(k, x -> new ArrayList<>(2));
                if (holders.size() < cap) {
                    holders.add(profileId);
                }
            }
        }
    }

    /** Takes a profile out (merged away, erased). */
    public void remove(String profileId) {
        Entry old = entries.remove(profileId);
        if (old == null) {
            return;
        }
        for (long k : old.keys) {
            List<String> holders = k == 0 ? null : byKey.get(k);
            if (holders != null) {
                holders.remove(profileId);
                if (holders.isEmpty()) {
                    byKey.remove(k);
                }
            }
        }
    }

    public int size() {
        return entries.size();
    }

    /** {@link #score(String, ProfileRecord, Instant)} of a record of current values alone. */
    public Scored score(String profileId, String[] row, Instant now) {
        return score(profileId, ProfileRecord.of(row), now);
    }

    /**
     * Scores a profile's record against the profiles sharing a blocking key with it (itself left out): the pairs at or
     * above the lower threshold and below the upper one, each with its evidence. Changes nothing.
     */
    public Scored score(String profileId, ProfileRecord record, Instant now) {
        Entry mine = entry(record);
        Set<String> candidates = new LinkedHashSet<>();
        for (long k : mine.keys) {
            List<String> holders = k == 0 ? null : byKey.get(k);
            if (holders != null) {
                candidates.addAll(holders);
            }
        }
        candidates.remove(profileId);
        List<Link> links = new ArrayList<>();
        for (String other : candidates) {
            Link l = link(profileId, mine, other, entries.get(other), now);
            if (l.weight() < minWeight || maxProbability < 1 && l.probability() >= maxProbability) {
                continue;
            }
            links.add(l);
        }
        links.sort(Comparator.comparingDouble(Link::probability).reversed().thenComparing(Link::profileA).thenComparing(Link::profileB));
        return new Scored(candidates.size(), List.copyOf(links));
    }

    /** Two records scored with the index's model, whatever the probability, as a link of {@code a} and {@code b}. */
    public Link pair(String a, String[] rowA, String b, String[] rowB, Instant now) {
        return link(a, entry(ProfileRecord.of(rowA)), b, entry(ProfileRecord.of(rowB)), now);
    }

    /**
     * The link of two entries with its evidence. Per comparison, the best level any pair of their values reaches; of the
     * pairs at that level, the one whose value of {@code y} is rarest gives the term frequency (as
     * {@link Column#frequency(int, int, int)} does in a run). Records of one value each score as they always did.
     */
    private Link link(String a, Entry x, String b, Entry y, Instant now) {
        double w = model.priorWeight();
        List<Evidence> evidence = new ArrayList<>(columns.length);
        boolean inOrder = a.compareTo(b) < 0;
        for (int c = 0; c < columns.length; c++) {
            Comparison comparison = model.comparisons().get(c);
            int level = Comparison.NULL;
            double part = 0.0;
            String vx = null;
            String vy = null;
            for (int i = 0; i < x.count(c); i++) {
                String px = x.value(c, i);
                for (int j = 0; j < y.count(c); j++) {
                    String py = y.value(c, j);
                    int l = comparison.level(px, py);
                    if (l < 0 || level >= 0 && l > level) {
                        continue;
                    }
                    double p = part(c, l, py);
                    if (level < 0 || l < level || p > part) {
                        level = l;
                        part = p;
                        vx = px;
                        vy = py;
                    }
                }
            }
            w += part;
            if (level < 0) {
                evidence.add(new Evidence(comparison.name(), "null", 0.0));
            } else {
                ProbableLinks.Value ox = x.origin(comparisonColumns[c], vx);
                ProbableLinks.Value oy = y.origin(comparisonColumns[c], vy);
                evidence.add(new Evidence(comparison.name(), comparison.levels().get(level).label(), round(part), inOrder ? ox : oy, inOrder ? oy : ox));
            }
        }
        return new Link(inOrder ? a : b, inOrder ? b : a, Model.probability(w), w, model.priorWeight(), evidence, modelVersion, now);
    }

    private double part(int c, int level, String value) {
        return model.weight(c, level) + model.tfAdjustment(c, level, columns[c].frequency(value, level));
    }

    private Entry entry(ProfileRecord record) {
        String[] prepared = new String[comparisonColumns.length];
        String[][] all = record.hasHistory() ? new String[comparisonColumns.length][] : null;
        for (int c = 0; c < prepared.length; c++) {
            io.kith.match.compare.Prepare prepare = model.comparisons().get(c).prepare();
            prepared[c] = prepare.apply(record.row()[comparisonColumns[c]]);
            if (all != null) {
                all[c] = java.util.Arrays.stream(record.values()[comparisonColumns[c]]).map(prepare::apply).filter(java.util.Objects::nonNull)
                        .distinct().toArray(String[]::new);
            }
        }
        LongArrayList keys = new LongArrayList(rules.size());
        for (int r = 0; r < rules.size(); r++) {
            for (long k : HistoryKeys.keys(rules.get(r), ruleColumns[r], record.values())) {
                // one map for every rule: the rule is mixed into the key; 0 stands for no key
                keys.add((k * 31 + r + 1) | 1L << 62);
            }
        }
        return new Entry(prepared, keys.toLongArray(), all == null ? null : record, all);
    }

    private static double round(double w) {
        return Math.round(w * 1000) / 1000.0;
    }
}
