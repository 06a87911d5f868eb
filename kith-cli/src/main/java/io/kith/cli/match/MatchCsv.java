package io.kith.cli.match;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.imports.CsvTable;
import io.kith.imports.ImportLimits;
import io.kith.match.MatchResult;
import io.kith.match.Records;
import io.kith.match.cluster.Links;
import io.kith.match.score.Contribution;
import io.kith.match.score.PairScore;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the records to match from CSV and writes the clusters and the scored pairs as CSV. */
public final class MatchCsv {
    private MatchCsv() {
    }

    /** Every row of a CSV file with a header; header names are trimmed (FEBRL writes ", " between fields). */
    public static Records read(InputStream in, String name, char delimiter) throws IOException {
        try (CsvTable table = CsvTable.open(in, name, StandardCharsets.UTF_8, delimiter, ImportLimits.DEFAULT)) {
            List<String> header = table.header().stream().map(String::strip).toList();
            List<String[]> rows = new ArrayList<>();
            for (Optional<CsvTable.Next> next = table.next(); next.isPresent(); next = table.next()) {
                switch (next.get()) {
                    case CsvTable.Bad bad -> throw new KithException(ErrorCode.INVALID_ARGUMENT, name + " line " + bad.line() + ": " + bad.reason());
                    case CsvTable.Values row -> rows.add(row.values().toArray(String[]::new));
                }
            }
            return new Records(header, rows);
        }
    }

    /** id,cluster_id: one row per record; a cluster is named by the id of its first record. */
    public static void clusters(MatchResult result, int idColumn, Writer w) throws IOException {
        Records records = result.records();
        w.write("id,cluster_id\n");
        for (int i = 0; i < records.size(); i++) {
            w.write(csv(records.value(i, idColumn)) + "," + csv(records.value(result.clustering().clusterOf(i), idColumn)) + "\n");
        }
    }

    /** The linked pairs with each comparison's level and contribution, strongest first. */
    public static void pairs(MatchResult result, int idColumn, Writer w) throws IOException {
        Records records = result.records();
        StringBuilder header = new StringBuilder("left_id,right_id,match_weight,match_probability,prior");
        for (var c : result.model().comparisons()) {
            header.append(',').append(csv(c.name() + "_level")).append(',').append(csv(c.name() + "_weight"));
        }
        w.write(header + "\n");
        Links links = result.links();
        Integer[] order = new Integer[links.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(links.weight(y), links.weight(x)));
        for (int i : order) {
            PairScore s = result.scorer().explain(links.left(i), links.right(i));
            StringBuilder line = new StringBuilder();
            line.append(csv(records.value(s.left(), idColumn))).append(',').append(csv(records.value(s.right(), idColumn))).append(',')
                    .append(num(s.weight())).append(',').append(String.format(Locale.ROOT, "%.6f", s.probability())).append(',')
                    .append(num(s.prior()));
            for (Contribution c : s.contributions()) {
                line.append(',').append(csv(c.label())).append(',').append(num(c.weight()));
            }
            w.write(line + "\n");
        }
    }

    static String num(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }

    static String csv(String v) {
        String s = v == null ? "" : v.strip();
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
