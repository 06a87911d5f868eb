package io.kith.match.link;

import io.kith.identity.ProbableLinks;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory.Seen;
import io.kith.profile.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A live profile as the linker compares it: per column ({@link ProfileLinker#COLUMNS}) its current value (from the
 * merged traits, {@link ProfileLinker#record}) and then the other values its history holds, most recently given first,
 * at most {@link #MAX_VALUES} distinct in all; and where each value came from, to explain a link. A profile without
 * history has one value per column and compares exactly as its record alone.
 *
 * <p>Why a bound: a profile's values are compared pairwise with the other profile's (up to 64 pairs per column), and
 * each adds blocking keys; eight covers a person's moves and name changes in practice, while a shared address book
 * (a reception desk's, a test account's) would otherwise cost quadratically.
 *
 * @param row     the current values, one per column (null when missing)
 * @param values  per column, the current value (null when missing) and then the history's other values, as given
 * @param origins per column, what said each value of the history, by its prepared form (as the column's comparison
 *                prepares it)
 */
public record ProfileRecord(String[] row, String[][] values, List<Map<String, ProbableLinks.Value>> origins) {
    /** How each column's values are prepared (those of the linker's comparisons). */
    private static final List<io.kith.match.compare.Comparison> COMPARISONS = ProfileLinker.comparisons(false);

    /** The most distinct values per column a record compares: its current one and the most recent others. */
    public static final int MAX_VALUES = 8;

    /** A profile's record without history: its current values only. */
    public static ProfileRecord of(Profile p) {
        return of(ProfileLinker.record(p));
    }

    /** The record of current values alone ({@link ProfileLinker#record}). */
    public static ProfileRecord of(String[] row) {
        String[][] values = new String[row.length][];
        for (int c = 0; c < row.length; c++) {
            values[c] = new String[] {row[c]};
        }
        return new ProfileRecord(row, values, java.util.Collections.nCopies(row.length, Map.of()));
    }

    /** A profile's record with its history ({@link io.kith.profile.AttributeHistory#of}, empty when none). */
    public static ProfileRecord of(Profile p, List<Seen> history) {
        String[] row = ProfileLinker.record(p);
        List<io.kith.match.compare.Comparison> comparisons = COMPARISONS;
        String[][] values = new String[row.length][];
        List<Map<String, ProbableLinks.Value>> origins = new ArrayList<>(row.length);
        for (int c = 0; c < row.length; c++) {
            Attribute attribute = Attribute.valueOf(ProfileLinker.COLUMNS.get(c).toUpperCase(java.util.Locale.ROOT));
            io.kith.match.compare.Prepare prepare = comparisons.get(c).prepare();
            Set<String> prepared = new LinkedHashSet<>();
            List<String> raw = new ArrayList<>();
            Map<String, ProbableLinks.Value> from = new HashMap<>();
            String current = prepare.apply(row[c]);
            raw.add(row[c]);
            if (current != null) {
                prepared.add(current);
            }
            for (Seen s : history) {
                if (s.attribute() != attribute) {
                    continue;
                }
                String key = prepare.apply(s.value());
                if (key == null) {
                    continue;
                }
                from.putIfAbsent(key, ProbableLinks.Value.of(s.value(), s.sourceId(), s.last()));
                if (prepared.size() < MAX_VALUES && prepared.add(key)) {
                    raw.add(s.value());
                }
            }
            values[c] = raw.toArray(String[]::new);
            origins.add(Map.copyOf(from));
        }
        return new ProfileRecord(row, values, List.copyOf(origins));
    }

    /** Whether some column holds more than its current value. */
    public boolean hasHistory() {
        for (String[] v : values) {
            if (v.length > 1) {
                return true;
            }
        }
        return false;
    }

    /** The other values per column ({@link io.kith.match.Records#history}'s shape): all but the first of each. */
    String[][] others() {
        String[][] out = new String[values.length][];
        for (int c = 0; c < values.length; c++) {
            out[c] = values[c].length <= 1 ? null : java.util.Arrays.copyOfRange(values[c], 1, values[c].length);
        }
        return out;
    }

    /**
     * Where a prepared value of column {@code c} came from: as given, by which source and when; the value as compared
     * (normalised) when the history does not hold it ({@link #origin(String)}); null for null.
     */
    ProbableLinks.Value origin(int c, String prepared) {
        if (prepared == null) {
            return null;
        }
        ProbableLinks.Value v = origins.get(c).get(prepared);
        return v != null ? v : origin(prepared);
    }

    /**
     * A value known only as compared: a profile compared without history (most, whose history holds one value per
     * attribute), or one from its identifiers. Keeping every profile's values as given would double what the live index
     * holds per profile.
     */
    static ProbableLinks.Value origin(String prepared) {
        return prepared == null ? null : new ProbableLinks.Value(prepared, null, null);
    }
}
