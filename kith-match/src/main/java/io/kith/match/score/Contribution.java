package io.kith.match.score;

/**
 * What one comparison added to a pair's weight.
 *
 * @param level        the level index, -1 when a value was missing
 * @param label        the level's name ("null" when a value was missing)
 * @param weight       the level's log2(m/u) plus {@code tfAdjustment}
 * @param tfAdjustment the term-frequency part of {@code weight}
 */
public record Contribution(String comparison, int level, String label, double weight, double tfAdjustment) {
}
