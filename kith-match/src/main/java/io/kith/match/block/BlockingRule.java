package io.kith.match.block;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A blocking rule: two records are candidates when every key part is present in both and equal. Rules are OR'ed;
 * a pair is produced once, by the first rule it satisfies.
 *
 * @param parts    the key parts
 * @param anyOrder whether the parts' values are a set rather than a sequence: sorted before they are hashed, so
 *                 "soundex(first_name), soundex(surname)" keys "Caleb Rowe" and "Rowe Caleb" alike
 */
public record BlockingRule(List<Part> parts, boolean anyOrder) {
    /** One part of a rule's key: a column and what of it is taken. */
    public record Part(String column, Transform transform) {
        @Override
        public String toString() {
            return transform == Transform.EXACT ? column : transform.name().toLowerCase(java.util.Locale.ROOT) + "(" + column + ")";
        }
    }

    /**
     * The rule without parts: every record has the same key, so every pair is a candidate. Blocking gives it neither
     * the block-size nor the pair guard; it is for tables small enough to compare whole (see
     * {@link io.kith.match.MatchSettings#EVERY_PAIR_UP_TO}).
     */
    public static final BlockingRule EVERY_PAIR = new BlockingRule(List.of(), false);

    public BlockingRule {
        parts = List.copyOf(parts);
    }

    /** Whether this is {@link #EVERY_PAIR}. */
    public boolean everyPair() {
        return parts.isEmpty();
    }

    public BlockingRule(List<Part> parts) {
        this(parts, false);
    }

    /** A rule whose parts' values are keyed in any order (see {@code anyOrder}). */
    public static BlockingRule anyOrder(Part... parts) {
        return new BlockingRule(List.of(parts), true);
    }

    public static BlockingRule of(Part... parts) {
        return new BlockingRule(List.of(parts));
    }

    public Set<String> columns() {
        return parts.stream().map(Part::column).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * A 64-bit hash of the record's key, or {@link Blocking#NONE} when a part is missing. Equal keys have equal hashes;
     * two different keys share one with a chance of about 2^-64, which only adds a candidate pair.
     *
     * @param raw the raw value of a column, by column name
     */
    public long key(IntFunction<String> raw, int[] columnIndexes) {
        String[] values = new String[parts.size()];
        for (int p = 0; p < values.length; p++) {
            values[p] = parts.get(p).transform().apply(raw.apply(columnIndexes[p]));
            if (values[p] == null) {
                return Blocking.NONE;
            }
        }
        if (anyOrder) {
            java.util.Arrays.sort(values);
        }
        long h = 0xcbf29ce484222325L;
        for (String v : values) {
            for (int i = 0; i < v.length(); i++) {
                h = (h ^ v.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == Blocking.NONE ? 1 : h;
    }

    @Override
    public String toString() {
        if (everyPair()) {
            return "every pair";
        }
        return parts.stream().map(Part::toString).collect(Collectors.joining(" & ")) + (anyOrder ? " in any order" : "");
    }
}
