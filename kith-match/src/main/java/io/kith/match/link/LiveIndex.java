package io.kith.match.link;

import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.match.Records;
import io.kith.match.block.BlockingRule;
import io.kith.match.compare.Column;
import io.kith.match.compare.Comparison;
import io.kith.match.score.Model;
import io.kith.match.score.Scorer;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
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

    private record Entry(String[] prepared, long[] keys) {
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

    /** Adds a profile's record ({@link ProfileLinker#record}), or replaces the one it had. */
    public void put(String profileId, String[] row) {
        remove(profileId);
        Entry e = entry(row);
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

    /**
     * Scores a profile's record against the profiles sharing a blocking key with it (itself left out): the pairs at or
     * above the lower threshold and below the upper one, each with its evidence. Changes nothing.
     */
    public Scored score(String profileId, String[] row, Instant now) {
        Entry mine = entry(row);
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
            Entry theirs = entries.get(other);
            double w = model.priorWeight();
            int[] levels = new int[columns.length];
            for (int c = 0; c < columns.length; c++) {
                levels[c] = model.comparisons().get(c).level(mine.prepared[c], theirs.prepared[c]);
                if (levels[c] >= 0) {
                    w += part(c, levels[c], theirs.prepared[c]);
                }
            }
            double p = Model.probability(w);
            if (w < minWeight || maxProbability < 1 && p >= maxProbability) {
                continue;
            }
            List<Evidence> evidence = new ArrayList<>(columns.length);
            for (int c = 0; c < columns.length; c++) {
                Comparison comparison = model.comparisons().get(c);
                evidence.add(levels[c] < 0 ? new Evidence(comparison.name(), "null", 0.0)
                        : new Evidence(comparison.name(), comparison.levels().get(levels[c]).label(), round(part(c, levels[c], theirs.prepared[c]))));
            }
            boolean inOrder = profileId.compareTo(other) < 0;
            links.add(new Link(inOrder ? profileId : other, inOrder ? other : profileId, p, w, model.priorWeight(), evidence, modelVersion, now));
        }
        links.sort(Comparator.comparingDouble(Link::probability).reversed().thenComparing(Link::profileA).thenComparing(Link::profileB));
        return new Scored(candidates.size(), List.copyOf(links));
    }

    /** Two records scored with the index's model, whatever the probability, as a link of {@code a} and {@code b}. */
    public Link pair(String a, String[] rowA, String b, String[] rowB, Instant now) {
        Entry x = entry(rowA);
        Entry y = entry(rowB);
        double w = model.priorWeight();
        List<Evidence> evidence = new ArrayList<>(columns.length);
        for (int c = 0; c < columns.length; c++) {
            Comparison comparison = model.comparisons().get(c);
            int level = comparison.level(x.prepared[c], y.prepared[c]);
            double part = level < 0 ? 0.0 : part(c, level, y.prepared[c]);
            w += part;
            evidence.add(new Evidence(comparison.name(), level < 0 ? "null" : comparison.levels().get(level).label(), round(part)));
        }
        boolean inOrder = a.compareTo(b) < 0;
        return new Link(inOrder ? a : b, inOrder ? b : a, Model.probability(w), w, model.priorWeight(), evidence, modelVersion, now);
    }

    private double part(int c, int level, String value) {
        return model.weight(c, level) + model.tfAdjustment(c, level, columns[c].frequency(value, level));
    }

    private Entry entry(String[] row) {
        String[] prepared = new String[comparisonColumns.length];
        for (int c = 0; c < prepared.length; c++) {
            prepared[c] = model.comparisons().get(c).prepare().apply(row[comparisonColumns[c]]);
        }
        long[] keys = new long[rules.size()];
        for (int r = 0; r < keys.length; r++) {
            long k = rules.get(r).key(col -> row[col], ruleColumns[r]);
            // one map for every rule: the rule is mixed into the key; 0 stands for no key
            keys[r] = k == io.kith.match.block.Blocking.NONE ? 0 : (k * 31 + r + 1) | 1L << 62;
        }
        return new Entry(prepared, keys);
    }

    private static double round(double w) {
        return Math.round(w * 1000) / 1000.0;
    }
}
