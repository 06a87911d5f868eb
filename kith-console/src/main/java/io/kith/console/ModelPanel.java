package io.kith.console;

import io.kith.profile.ValueHistograms;
import io.kith.profile.ValueHistograms.Bin;
import io.kith.segment.ProfileValue.Namespace;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's model results: how the customer models' 12-month CLV and churn risk (the {@code model} values
 * {@code clv_12m} and {@code churn_risk} the model runs store) spread over the customers of all brands or of one brand,
 * as bars with their numbers.
 */
final class ModelPanel {
    static final String CLV = "clv_12m";
    static final String CHURN = "churn_risk";
    static final List<BigDecimal> CLV_EDGES = decimals("0", "10", "50", "100", "250", "500", "1000", "2500");
    static final List<BigDecimal> RISK_EDGES = decimals("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9");

    private final ValueHistograms histograms;

    ModelPanel(ValueHistograms histograms) {
        this.histograms = histograms;
    }

    /** The two distributions as read, over the customers of {@code brand} ({@code null}: of all brands). */
    record Results(String brand, List<Bin> clv, List<Bin> risk) {
    }

    /** The distributions over the customers of {@code brand}, or of all brands when {@code null}. */
    Results read(String brand) {
        java.util.Optional<String> of = java.util.Optional.ofNullable(brand);
        return new Results(brand, histograms.histogram(Namespace.MODEL, CLV, CLV_EDGES, of), histograms.histogram(Namespace.MODEL, CHURN, RISK_EDGES, of));
    }

    static Html render(Results results) {
        List<Bin> clv = results.clv();
        List<Bin> risk = results.risk();
        long scored = clv.stream().mapToLong(Bin::profiles).sum();
        long risked = risk.stream().mapToLong(Bin::profiles).sum();
        if (scored == 0 && risked == 0) {
            return Html.of("""
                    <section class="panel" aria-labelledby="d-models"><h2 id="d-models">Customer models</h2><p class="empty">No model results for {} yet.
                    The CLV and churn model runs daily, or now with <code>kith models run</code>.</p></section>""", scope(results.brand()));
        }
        BigDecimal value = clv.stream().map(Bin::sum).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal meanRisk = risked == 0 ? BigDecimal.ZERO
                : risk.stream().map(Bin::sum).reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(risked), 2, RoundingMode.HALF_UP);
        return Html.of("""
                <section class="panel" aria-labelledby="d-models"><h2 id="d-models">Customer models</h2>
                <p class="muted">Customers of {}.</p>
                <p>Customers scored: {}; predicted value over the next 12 months <strong>{}</strong> in all; mean churn risk <strong>{}</strong>.</p>
                <h3>12-month CLV</h3>{}<h3>Churn risk</h3>{}</section>""",
                scope(results.brand()), String.format("%,d", Math.max(scored, risked)), String.format("%,.0f", value), meanRisk.toPlainString(),
                Charts.bars(bands(clv, false), "Customers by 12-month CLV"), Charts.bars(bands(risk, true), "Customers by churn risk"));
    }

    /** Whose figures these are: "all brands" or "brand X". */
    static String scope(String brand) {
        return brand == null ? "all brands" : "brand " + brand;
    }

    /** Bins as labelled counts; a bin below the first edge only when it holds someone (no CLV is below 0). */
    static Map<String, Long> bands(List<Bin> bins, boolean fractions) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Bin b : bins) {
            if (b.from() == null && b.profiles() == 0 && !fractions) {
                continue;
            }
            String label = b.from() == null ? (fractions ? "0 – " + b.to().toPlainString() : "below " + b.to().toPlainString())
                    : b.to() == null ? (fractions ? b.from().toPlainString() + " – 1" : b.from().toPlainString() + " and more")
                    : b.from().toPlainString() + " – " + b.to().toPlainString();
            out.put(label, b.profiles());
        }
        return out;
    }

    private static List<BigDecimal> decimals(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
