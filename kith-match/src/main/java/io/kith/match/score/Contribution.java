package io.kith.match.score;

/**
 * What one comparison added to a pair's weight.
 *
 * @param level        the level index, -1 when a value was missing
 * @param label        the level's name ("null" when a value was missing)
 * @param weight       the level's log2(m/u) plus {@code tfAdjustment}
 * @param tfAdjustment the term-frequency part of {@code weight}
 * @param left         the prepared value of the first record that reached the level (of its history, for a record with
 *                     several values); null when unknown or missing
 * @param right        the second record's
 */
public record Contribution(String comparison, int level, String label, double weight, double tfAdjustment, String left, String right) {
    public Contribution(String comparison, int level, String label, double weight, double tfAdjustment) {
        this(comparison, level, label, weight, tfAdjustment, null, null);
    }

    /** This contribution with the two values that reached its level ({@code pair} null when either was missing). */
    Contribution matching(String[] pair) {
        return pair == null ? this : new Contribution(comparison, level, label, weight, tfAdjustment, pair[0], pair[1]);
    }
}
