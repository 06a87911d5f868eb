package io.kith.console;

import io.kith.segment.SegmentStore;
import java.util.List;
import java.util.Map;

/** Charts drawn on the server as inline SVG: no script, no library, and a text alternative for screen readers. */
final class Charts {
    private Charts() {
    }

    /** A segment's size after each day that changed it, as a step line. */
    static Html sizes(List<SegmentStore.SizePoint> points) {
        if (points.isEmpty()) {
            return Html.of("<p class=\"empty\">No changes recorded yet.</p>");
        }
        int w = 640;
        int h = 160;
        long max = Math.max(1, points.stream().mapToLong(SegmentStore.SizePoint::members).max().orElse(1));
        StringBuilder path = new StringBuilder();
        int n = points.size();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? w : 40 + (w - 50) * (double) i / (n - 1);
            double y = h - 20 - (h - 40) * (double) points.get(i).members() / max;
            path.append(i == 0 ? "M" : " H").append(String.format("%.1f", x)).append(i == 0 ? String.format(" %.1f", y) : String.format(" V%.1f", y));
        }
        SegmentStore.SizePoint last = points.get(n - 1);
        return Html.of("""
                <svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="Size over time: {} members on {}, {} at most">
                <line class="axis" x1="40" y1="{}" x2="{}" y2="{}"></line><text class="tick" x="0" y="24">{}</text><text class="tick" x="0" y="{}">0</text>
                <path class="line" d="{}"></path><text class="tick" x="40" y="{}">{}</text><text class="tick" x="{}" y="{}" text-anchor="end">{}</text></svg>""",
                w, h, last.members(), CustomerScreens.time(last.at()), max, h - 20, w, h - 20, max, h - 20, path.toString(), h - 4,
                CustomerScreens.time(points.get(0).at()).substring(0, 10), w, h - 4, CustomerScreens.time(last.at()).substring(0, 10));
    }

    /** Horizontal bars, one per entry, in the order given. */
    static Html bars(Map<String, Long> values, String label) {
        if (values.isEmpty()) {
            return Html.of("<p class=\"empty\">Nothing yet.</p>");
        }
        long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int row = 26;
        int w = 640;
        StringBuilder alt = new StringBuilder(label).append(": ");
        List<Html> parts = new java.util.ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int len = (int) Math.max(2, Math.round((w - 260) * (double) e.getValue() / max));
            parts.add(Html.of("<text class=\"tick\" x=\"0\" y=\"{}\">{}</text><rect class=\"bar\" x=\"180\" y=\"{}\" width=\"{}\" height=\"18\"></rect>"
                    + "<text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>", i * row + 14, shorten(e.getKey()), i * row + 1, len, 186 + len, i * row + 14,
                    String.format("%,d", e.getValue())));
            alt.append(shorten(e.getKey())).append(' ').append(e.getValue()).append("; ");
            i++;
        }
        return Html.of("<svg class=\"chart bars\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">{}</svg>", w, i * row, alt.toString(), Html.join(parts));
    }

    /**
     * Stacked columns: one column per period, one coloured part per series (classes {@code s0}, {@code s1}, ...), each
     * part with its numbers as a tooltip; the text alternative names the whole and the busiest period.
     */
    static Html stacked(List<String> periods, List<String> series, long[][] values, String label) {
        int w = 640;
        int h = 200;
        int left = 56;
        int bottom = h - 22;
        long max = 1;
        long total = 0;
        int busiest = 0;
        long[] sums = new long[periods.size()];
        for (int p = 0; p < periods.size(); p++) {
            for (long v : values[p]) {
                sums[p] += v;
            }
            total += sums[p];
            if (sums[p] > sums[busiest]) {
                busiest = p;
            }
            max = Math.max(max, sums[p]);
        }
        double step = (w - left - 4) / (double) periods.size();
        double width = Math.max(1, step * 0.8);
        List<Html> parts = new java.util.ArrayList<>();
        for (int p = 0; p < periods.size(); p++) {
            double y = bottom;
            for (int s = 0; s < series.size(); s++) {
                long v = values[p][s];
                if (v == 0) {
                    continue;
                }
                double len = (bottom - 10) * (double) v / max;
                y -= len;
                parts.add(Html.of("<rect class=\"s{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}, {}: {}</title></rect>", s,
                        String.format("%.1f", left + p * step), String.format("%.1f", y), String.format("%.1f", width), String.format("%.1f", len),
                        periods.get(p), series.get(s), String.format("%,d", v)));
            }
        }
        int last = periods.size() - 1;
        return Html.of("""
                <svg class="chart stacked" viewBox="0 0 {} {}" role="img" aria-label="{}: {} events from {} to {}; the most, {}, on {}">
                <line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line><text class="tick" x="0" y="16">{}</text><text class="tick" x="0" y="{}">0</text>{}
                <text class="tick" x="{}" y="{}">{}</text><text class="tick" x="{}" y="{}" text-anchor="end">{}</text></svg>""",
                w, h, label, String.format("%,d", total), periods.get(0), periods.get(last), String.format("%,d", sums[busiest]), periods.get(busiest),
                left, bottom, w, bottom, String.format("%,d", max), bottom, Html.join(parts), left, h - 4, periods.get(0), w, h - 4, periods.get(last));
    }

    private static String shorten(String s) {
        String t = s.startsWith("\"") && s.endsWith("\"") && s.length() > 1 ? s.substring(1, s.length() - 1) : s;
        return t.length() > 24 ? t.substring(0, 23) + "…" : t;
    }
}
