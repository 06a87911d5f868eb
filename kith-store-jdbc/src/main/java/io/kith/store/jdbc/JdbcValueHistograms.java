package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.profile.ValueHistograms;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.store.jdbc.segment.JsonSql;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Histograms of the profile values in one SQL aggregate, the engines' JSON read through {@link JsonSql}. */
final class JdbcValueHistograms implements ValueHistograms {
    private final Database db;

    JdbcValueHistograms(Database db) {
        this.db = db;
    }

    @Override
    public List<Bin> histogram(Namespace namespace, String name, List<BigDecimal> edges, java.util.Optional<String> brand) {
        if (edges.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a histogram needs at least one edge");
        }
        for (int i = 1; i < edges.size(); i++) {
            if (edges.get(i).compareTo(edges.get(i - 1)) <= 0) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "histogram edges must increase, were " + edges);
            }
        }
        JsonSql json = db.dialect().json();
        // Edges are BigDecimals from the caller, written as SQL numbers (toPlainString: digits, a sign, a point only).
        StringBuilder bin = new StringBuilder("CASE");
        for (int i = 0; i < edges.size(); i++) {
            bin.append(" WHEN n < ").append(edges.get(i).toPlainString()).append(" THEN ").append(i);
        }
        bin.append(" ELSE ").append(edges.size()).append(" END");
        String sql = "SELECT " + bin + " AS b, count(*), sum(n) FROM (SELECT CASE WHEN " + json.isNumber("value") + " THEN " + json.number("value")
                + " END AS n FROM profile_values WHERE namespace = ? AND name = ?" + (brand.isPresent() ? " AND " + JdbcProfileValueStore.ofBrand(db, "profile_id") : "")
                + ") v WHERE n IS NOT NULL GROUP BY 1";
        return db.run("read the histogram of " + namespace.word() + " " + name + brand.map(b -> " for a brand").orElse(""), c -> {
            long[] counts = new long[edges.size() + 1];
            BigDecimal[] sums = new BigDecimal[edges.size() + 1];
            java.util.Arrays.fill(sums, BigDecimal.ZERO);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, namespace.word());
                ps.setString(2, name);
                if (brand.isPresent()) {
                    ps.setString(3, brand.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int b = rs.getInt(1);
                        counts[b] = rs.getLong(2);
                        sums[b] = rs.getBigDecimal(3).stripTrailingZeros();
                    }
                }
            }
            List<Bin> out = new ArrayList<>();
            for (int b = 0; b <= edges.size(); b++) {
                out.add(new Bin(b == 0 ? null : edges.get(b - 1), b == edges.size() ? null : edges.get(b), counts[b], sums[b]));
            }
            return out;
        });
    }
}
