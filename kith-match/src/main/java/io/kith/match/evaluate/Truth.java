package io.kith.match.evaluate;

import io.kith.match.Records;
import io.kith.match.compare.Prepare;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ground truth of a labelled table: which real entity each record belongs to. Found in a column named like
 * cluster, ent_id, entity_id, identity or true_id, or in FEBRL's record ids (rec-N-org and rec-N-dup-K are
 * entity N).
 */
public final class Truth {
    private static final Set<String> NAMES = Set.of("cluster", "cluster_id", "ent_id", "entity_id", "entity", "identity", "true_id",
            "truth", "person_id");
    private static final Pattern FEBRL = Pattern.compile("rec-(\\d+)-(org|dup-\\d+)");

    private Truth() {
    }

    /** The column that holds the truth: a known name, or the id column when it holds FEBRL record ids. */
    public static Optional<String> detect(Records records, String idColumn) {
        for (String c : records.columns()) {
            if (NAMES.contains(c.strip().toLowerCase(Locale.ROOT)) && !c.strip().equalsIgnoreCase(idColumn.strip())) {
                return Optional.of(c);
            }
        }
        int id = records.column(idColumn);
        if (records.size() > 0 && FEBRL.matcher(String.valueOf(records.value(0, id)).strip()).matches()) {
            return Optional.of(records.columns().get(id));
        }
        return Optional.empty();
    }

    /** Every record's entity (null where unknown). */
    public static String[] entities(Records records, String column) {
        int c = records.column(column);
        String[] entity = new String[records.size()];
        for (int i = 0; i < records.size(); i++) {
            String v = Prepare.TEXT.apply(records.value(i, c));
            if (v != null) {
                Matcher m = FEBRL.matcher(v);
                entity[i] = m.matches() ? m.group(1) : v;
            }
        }
        return entity;
    }

    /** The columns never compared: the id column and, when known, the truth column. */
    public static Set<String> excluded(String idColumn, Optional<String> truthColumn) {
        return truthColumn.map(t -> Set.copyOf(java.util.List.of(idColumn, t))).orElse(Set.of(idColumn));
    }

    static List<String> names() {
        return List.copyOf(NAMES);
    }
}
