package io.kith.console;

import io.kith.event.EventActivity;
import io.kith.event.EventActivity.TimeBasis;
import io.kith.event.EventActivity.Volume;
import io.kith.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's ingestion volume: events per period by brand (a stacked column chart, and the same numbers as a table
 * for those who do not see the chart) and per source, over the last 30 days by day or the last 48 hours by hour, counted
 * by when the events happened or when Kith received them. Only the brands the account sees.
 */
final class VolumePanel {
    /** The windows the panel offers, by their query value. */
    enum Window {
        DAYS("30d", Duration.ofDays(1), 30, "the last 30 days, per day", DateTimeFormatter.ofPattern("MMM d").withZone(ZoneOffset.UTC)),
        HOURS("48h", Duration.ofHours(1), 48, "the last 48 hours, per hour", DateTimeFormatter.ofPattern("MMM d HH:00").withZone(ZoneOffset.UTC));

        final String wire;
        final Duration period;
        final int periods;
        final String words;
        final DateTimeFormatter label;

        Window(String wire, Duration period, int periods, String words, DateTimeFormatter label) {
            this.wire = wire;
            this.period = period;
            this.periods = periods;
            this.words = words;
            this.label = label;
        }

        static Window parse(String s) {
            return HOURS.wire.equals(s) ? HOURS : DAYS;
        }

        /** The first period's start: the window ends with the period now is in. */
        Instant start(Instant now) {
            long p = period.toSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), p) * p).minus(period.multipliedBy(periods - 1L));
        }
    }

    /** Brands drawn as their own series; the rest are summed as one. */
    static final int SERIES = 5;

    private final EventActivity activity;

    VolumePanel(EventActivity activity) {
        this.activity = activity;
    }

    /** The window and time basis asked for, as one key: {@code 30d/event}, {@code 48h/received}, ... */
    static String key(String window, String basis) {
        return Window.parse(window).wire + "/" + ("received".equals(basis) ? "received" : "event");
    }

    private static TimeBasis basis(String key) {
        return key.endsWith("/received") ? TimeBasis.RECEIVED : TimeBasis.EVENT_TIME;
    }

    /** Every brand's volume in the window of {@code key} that ends with the period {@code now} is in. */
    List<Volume> read(String key, Instant now) {
        Window w = Window.parse(key.substring(0, key.indexOf('/')));
        Instant from = w.start(now);
        return activity.volume(basis(key), from, from.plus(w.period.multipliedBy(w.periods)), w.period);
    }

    /** The panel for {@code staff} from every brand's volume read at {@code at}: only the brands the account sees. */
    Html render(Staff staff, List<Source> sources, String key, List<Volume> all, Instant at) {
        Window w = Window.parse(key.substring(0, key.indexOf('/')));
        TimeBasis by = basis(key);
        Instant from = w.start(at);
        List<Volume> rows = all.stream().filter(v -> staff.brands().sees(v.brand())).toList();
        return Html.of("""
                <section class="panel wide" aria-labelledby="d-volume"><h2 id="d-volume">Ingestion volume</h2>
                <p class="muted">Events stored over {}, by {}. {}</p>
                <nav class="choices" aria-label="Volume window">{}</nav>{}</section>""",
                w.words, by == TimeBasis.RECEIVED ? "when Kith received them" : "when they happened",
                Html.of("{} in all.", String.format("%,d", rows.stream().mapToLong(Volume::events).sum())), choices(w, by),
                rows.isEmpty() ? Html.of("<p class=\"empty\">No events in this window.</p>") : Html.of("{}{}", byBrand(w, from, rows), bySource(staff, rows, sources)));
    }

    private static Html choices(Window w, TimeBasis by) {
        List<Html> links = new ArrayList<>();
        for (Window x : Window.values()) {
            for (TimeBasis b : TimeBasis.values()) {
                String label = (x == Window.DAYS ? "30 days" : "48 hours") + (b == TimeBasis.RECEIVED ? ", received" : ", happened");
                String href = "/dashboard?volume=" + x.wire + "&by=" + (b == TimeBasis.RECEIVED ? "received" : "event") + "#d-volume";
                links.add(x == w && b == by ? Html.of("<a href=\"{}\" aria-current=\"true\">{}</a>", href, label) : Html.of("<a href=\"{}\">{}</a>", href, label));
            }
        }
        return Html.join(links);
    }

    /** The stacked columns per brand, their legend, and the same numbers as a table. */
    private static Html byBrand(Window w, Instant from, List<Volume> rows) {
        Map<String, Long> totals = new TreeMap<>();
        rows.forEach(v -> totals.merge(v.brand(), v.events(), Long::sum));
        List<String> series = totals.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).map(Map.Entry::getKey).limit(SERIES).toList();
        boolean other = totals.size() > series.size();
        List<String> names = new ArrayList<>(series);
        if (other) {
            names.add("other brands");
        }
        long[][] grid = new long[w.periods][names.size()];
        for (Volume v : rows) {
            int p = (int) Duration.between(from, v.period()).dividedBy(w.period);
            int s = series.indexOf(v.brand());
            if (p >= 0 && p < w.periods) {
                grid[p][s < 0 ? names.size() - 1 : s] += v.events();
            }
        }
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < w.periods; p++) {
            labels.add(w.label.format(from.plus(w.period.multipliedBy(p))));
        }
        List<Html> legend = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            legend.add(Html.of("<li><span class=\"swatch s{}\" aria-hidden=\"true\"></span>{}</li>", s, names.get(s)));
        }
        List<Html> tableRows = new ArrayList<>();
        for (int p = 0; p < w.periods; p++) {
            List<Html> cells = new ArrayList<>();
            long sum = 0;
            for (long n : grid[p]) {
                cells.add(Html.of("<td class=\"num\">{}</td>", String.format("%,d", n)));
                sum += n;
            }
            tableRows.add(Html.of("<tr><th scope=\"row\">{}</th>{}<td class=\"num\">{}</td></tr>", labels.get(p), Html.join(cells), String.format("%,d", sum)));
        }
        return Html.of("""
                <h3>By brand</h3>{}<ul class="legend">{}</ul>
                <details><summary>The numbers as a table</summary><table class="volume"><thead><tr><th scope="col">Period (UTC)</th>{}<th scope="col">All</th></tr></thead>
                <tbody>{}</tbody></table></details>""",
                Charts.stacked(labels, names, grid, "Events per " + (w == Window.DAYS ? "day" : "hour") + " by brand"), Html.join(legend),
                Html.each(names, n -> Html.of("<th scope=\"col\">{}</th>", n)), Html.join(tableRows));
    }

    private static Html bySource(Staff staff, List<Volume> rows, List<Source> sources) {
        Map<String, String> names = new LinkedHashMap<>();
        sources.forEach(s -> names.put(s.id(), s.name()));
        Map<String, long[]> per = new TreeMap<>();
        Map<String, String> brands = new LinkedHashMap<>();
        Instant last = rows.stream().map(Volume::period).max(Instant::compareTo).orElseThrow();
        for (Volume v : rows) {
            long[] c = per.computeIfAbsent(v.sourceId(), k -> new long[2]);
            c[0] += v.events();
            if (v.period().equals(last)) {
                c[1] += v.events();
            }
            brands.put(v.sourceId(), v.brand());
        }
        List<Map.Entry<String, long[]>> ordered = per.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).toList();
        return Html.of("""
                <h3>By source</h3><table><thead><tr><th scope="col">Source</th><th scope="col">Brand</th><th scope="col" class="num">Events</th>
                <th scope="col" class="num">In the latest period with events ({})</th></tr></thead><tbody>{}</tbody></table>""",
                CustomerScreens.time(last), Html.each(ordered, e -> Html.of("<tr><td>{}<div class=\"muted\"><code>{}</code></div></td><td>{}</td>"
                        + "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", staff.can(Permission.SOURCES) && names.containsKey(e.getKey())
                                ? Html.of("<a href=\"/sources/{}/events\">{}</a>", e.getKey(), names.get(e.getKey())) : Html.text(names.getOrDefault(e.getKey(), e.getKey())),
                        e.getKey(),
                        brands.get(e.getKey()), String.format("%,d", e.getValue()[0]), String.format("%,d", e.getValue()[1]))));
    }
}
