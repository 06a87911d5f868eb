package io.kith.match.score;

import io.kith.match.compare.Column;
import io.kith.match.compare.Comparison;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores pairs of records of one table with a {@link Model}. The level weights are computed once; scoring a pair
 * allocates nothing unless it is explained. Immutable; thread-safe.
 */
public final class Scorer {
    private final Model model;
    private final Column[] columns;
    private final double[][] weights;
    private final double prior;

    public Scorer(Model model, List<Column> columns) {
        if (columns.size() != model.comparisons().size()) {
            throw new IllegalArgumentException("one column per comparison");
        }
        this.model = model;
        this.columns = columns.toArray(Column[]::new);
        this.prior = model.priorWeight();
        this.weights = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            weights[c] = new double[model.comparisons().get(c).size()];
            for (int l = 0; l < weights[c].length; l++) {
                weights[c][l] = model.weight(c, l);
            }
        }
    }

    public Model model() {
        return model;
    }

    public List<Column> columns() {
        return List.of(columns);
    }

    /** The match weight of records {@code a} and {@code b}. */
    public double weight(int a, int b) {
        double w = prior;
        for (int c = 0; c < columns.length; c++) {
            int level = columns[c].level(a, b);
            if (level >= 0) {
                w += weights[c][level] + model.tfAdjustment(c, level, columns[c].frequency(a, b, level));
            }
        }
        return w;
    }

    /**
     * The match weight of a pair of which the levels are known ({@link io.kith.match.estimate.Patterns#encode}) and
     * {@code a} and {@code b} are the records (for the term frequency of the value that reached each level).
     */
    public double weight(long pattern, int a, int b) {
        double w = prior;
        for (int c = 0; c < columns.length; c++) {
            int level = io.kith.match.estimate.Patterns.level(pattern, c);
            if (level >= 0) {
                w += weights[c][level] + model.tfAdjustment(c, level, columns[c].frequency(a, b, level));
            }
        }
        return w;
    }

    /** The match weight of record {@code a} and a new record given by its prepared values, one per comparison. */
    public double weight(int a, String[] prepared) {
        double w = prior;
        for (int c = 0; c < columns.length; c++) {
            int level = columns[c].level(a, prepared[c]);
            if (level >= 0) {
                w += weights[c][level] + model.tfAdjustment(c, level, columns[c].frequency(a, level));
            }
        }
        return w;
    }

    /** Records {@code a} and {@code b} scored with each comparison's level and contribution. */
    public PairScore explain(int a, int b) {
        List<Contribution> parts = new ArrayList<>(columns.length);
        double w = prior;
        for (int c = 0; c < columns.length; c++) {
            int level = columns[c].level(a, b);
            parts.add(contribution(c, level, columns[c].frequency(a, b, level)).matching(columns[c].matched(a, b)));
            w += parts.getLast().weight();
        }
        return new PairScore(a, b, prior, parts, w, Model.probability(w));
    }

    /** Record {@code a} and a new record (its prepared values) scored with each comparison's contribution. */
    public PairScore explain(int a, String[] prepared) {
        List<Contribution> parts = new ArrayList<>(columns.length);
        double w = prior;
        for (int c = 0; c < columns.length; c++) {
            int level = columns[c].level(a, prepared[c]);
            parts.add(contribution(c, level, columns[c].frequency(a, level)));
            w += parts.getLast().weight();
        }
        return new PairScore(a, -1, prior, parts, w, Model.probability(w));
    }

    private Contribution contribution(int c, int level, double frequency) {
        Comparison comparison = model.comparisons().get(c);
        if (level < 0) {
            return new Contribution(comparison.name(), level, "null", 0.0, 0.0);
        }
        double tf = model.tfAdjustment(c, level, frequency);
        return new Contribution(comparison.name(), level, comparison.levels().get(level).label(), weights[c][level] + tf, tf);
    }

    /** The comparison levels of a pair, one per comparison ({@link Comparison#NULL} for a missing value). */
    public int[] levels(int a, int b) {
        int[] levels = new int[columns.length];
        for (int c = 0; c < columns.length; c++) {
            levels[c] = columns[c].level(a, b);
        }
        return levels;
    }
}
