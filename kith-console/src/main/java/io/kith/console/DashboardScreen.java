package io.kith.console;

import io.kith.event.QuarantinedEvent;
import io.kith.identity.IdentityAlert;
import io.kith.identity.IdentityProjection;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.SegmentStore;
import io.kith.server.HttpReply;
import io.kith.store.Store;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: ingestion volume by brand and source over time, segment sizes, the RFM grid as a heatmap (customers and
 * revenue per R × FM cell), the customer models' CLV and churn-risk distributions, label and RFM segment distributions,
 * quarantined events with their reasons, and identity alerts. The grid, the models and the distributions are of all
 * brands or of the brand a tab chooses ({@link BrandTabs}): all brands and segment sizes, which span every brand, are
 * shown to accounts of every brand only; an account limited to brands sees the figures of each of its brands. The
 * volume shows each account its own brands.
 */
final class DashboardScreen {
    private final Layout layout;
    private final Store store;
    private final IdentityProjection identity;
    private final VolumePanel volume;
    private final ModelPanel models;
    private final java.time.Clock clock;
    /** The aggregates over every brand, read together and kept for {@link #FRESH}. */
    private final Recent<Boolean, Overview> overview;
    /** The distributions of each brand's customers (key: the brand) and of all ({@link #ALL}), kept for {@link #FRESH}. */
    private final Recent<String, Distributions> distributions;
    /** The last whole RFM pass, which scores each brand's customers among that brand's (empty before the first). */
    private final java.util.function.Supplier<java.util.Optional<io.kith.derive.Derivations.RfmSnapshot>> lastRfm;
    /** Where the work that follows the log stands: a notice above the figures while it holds. */
    private final java.util.function.Supplier<io.kith.projection.FollowerState> followers;
    /** The ingestion volume per window and time basis (every brand's: each account sees its own part). */
    private final Recent<String, List<io.kith.event.EventActivity.Volume>> volumes;

    /** How long the dashboard's aggregates are shown before they are read again (in the background). */
    static final java.time.Duration FRESH = java.time.Duration.ofSeconds(30);

    /** The key of {@link #distributions} for all brands (a brand's name is never empty). */
    private static final String ALL = "";

    /** What the dashboard shows of every brand at once only. */
    private record Overview(Map<String, Long> sizes, List<ProfileValueStore.RfmCell> rfm) {
    }

    /**
     * How the customers of one brand (or of all) spread over the RFM segments, each label's values and the models' results.
     * A brand's RFM segments are those of its own pass ({@code segment@brand}), as its grid; labels and models are the
     * group's, counted over the brand's customers.
     */
    private record Distributions(Map<String, Long> rfmSegments, Map<String, Map<String, Long>> labels, ModelPanel.Results models) {
    }

    DashboardScreen(Layout layout, Store store, IdentityProjection identity,
                    java.util.function.Supplier<java.util.Optional<io.kith.derive.Derivations.RfmSnapshot>> lastRfm,
                    java.util.function.Supplier<io.kith.projection.FollowerState> followers, java.time.Clock clock) {
        this.lastRfm = lastRfm;
        this.followers = followers;
        this.layout = layout;
        this.store = store;
        this.identity = identity;
        this.volume = new VolumePanel(store.activity());
        this.models = new ModelPanel(store.histograms());
        this.clock = clock;
        java.util.concurrent.Executor background = task -> Thread.ofVirtual().name("kith-dashboard").start(task);
        this.overview = new Recent<>("the dashboard's aggregates", all -> readOverview(), FRESH, clock, background);
        this.distributions = new Recent<>("the dashboard's distributions", this::readDistributions, FRESH, clock, background);
        this.volumes = new Recent<>("the ingestion volume", key -> volume.read(key, clock.instant()), FRESH, clock, background);
    }

    private Overview readOverview() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        store.segments().all().stream().map(SegmentStore.SavedSegment::key).map(k -> Map.entry(k, store.segments().size(k)))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(12).forEach(e -> sizes.put(e.getKey(), e.getValue()));
        return new Overview(sizes, store.values().rfmCells());
    }

    private Distributions readDistributions(String key) {
        String brand = key.equals(ALL) ? null : key;
        java.util.Optional<String> of = java.util.Optional.ofNullable(brand);
        Map<String, Map<String, Long>> labels = store.values().distributions(Namespace.LABEL, of);
        Map<String, Long> rfmSegments = store.values().distribution(Namespace.RFM,
                brand == null ? "segment" : io.kith.segment.ProfileValue.rfmOfBrand("segment", brand).name());
        return new Distributions(rfmSegments, labels, models.read(brand));
    }

    void register(Pages pages) {
        pages.get("/dashboard", Permission.DASHBOARD, this::dashboard);
    }

    private HttpReply dashboard(Pages.Request r) {
        Staff staff = r.staff();
        List<Html> panels = new ArrayList<>();
        String key = VolumePanel.key(r.query("volume"), r.query("by"));
        Recent.Held<List<io.kith.event.EventActivity.Volume>> rows = volumes.get(key);
        panels.add(volume.render(staff, store.sources().all(), key, rows.value(), rows.at()));
        Instant asOf = rows.at();
        List<String> brands = store.sources().all().stream().map(io.kith.source.Source::brand).filter(b -> b != null && staff.brands().sees(b))
                .distinct().sorted().toList();
        boolean allBrands = staff.brands().allBrands();
        String brand = BrandTabs.chosen(r.query("brand"), brands, allBrands);
        List<ProfileValueStore.RfmCell> groupRfm = List.of();
        if (allBrands) {
            Recent.Held<Overview> held = overview.get(Boolean.TRUE);
            asOf = held.at().isBefore(asOf) ? held.at() : asOf;
            groupRfm = held.value().rfm();
            panels.add(Html.of("<section class=\"panel wide\" aria-labelledby=\"d-seg\"><h2 id=\"d-seg\">Segment sizes</h2>{}</section>",
                    Charts.bars(held.value().sizes(), "Segment sizes")));
        } else {
            panels.add(Html.of("<section class=\"panel wide\"><p class=\"muted\">Segment sizes and the figures of all brands together span every "
                    + "brand: they are shown to accounts of every brand. Below, the figures of {}.</p></section>",
                    brands.isEmpty() ? "your brands (none has a source yet)" : "each of your brands"));
        }
        if (brand != null || allBrands) {
            panels.add(BrandTabs.render(brands, brand, allBrands));
            panels.add(brand == null ? RfmPanel.render(groupRfm, null, null) : brandRfm(brand));
            Recent.Held<Distributions> held = distributions.get(brand == null ? ALL : brand);
            asOf = held.at().isBefore(asOf) ? held.at() : asOf;
            panels.add(ModelPanel.render(held.value().models()));
            panels.add(distributions(held.value(), brand));
        }
        panels.add(quarantine(staff));
        panels.add(alerts(staff));
        return layout.page("Dashboard", staff, "/dashboard", Html.of("<h1>Dashboard</h1><p class=\"muted\">Figures as of {} UTC; they are read "
                + "again when older than {} seconds. Quarantined events and alerts are the latest.</p>{}<div class=\"grid\">{}</div>",
                CustomerScreens.time(asOf), FRESH.toSeconds(), holding(followers.get()), Html.join(panels)));
    }

    /**
     * While the work that follows the log holds (a catch-up, a rebuild), a notice that segments, labels, models and the
     * search trail the events on purpose, and why; nothing while it follows.
     */
    static Html holding(io.kith.projection.FollowerState state) {
        if (!state.holding()) {
            return Html.EMPTY;
        }
        return Html.of("<p class=\"behind\" role=\"status\" data-hold=\"{}\"><strong>These figures trail the events for now.</strong> {}.</p>",
                state.hold().name(), capitalised(state.detail()));
    }

    private static String capitalised(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /** One brand's grid, from the last whole RFM pass (which scores the brand's customers among the brand's). */
    private Html brandRfm(String brand) {
        java.util.Optional<io.kith.derive.Derivations.RfmSnapshot> snap = lastRfm.get();
        List<ProfileValueStore.RfmCell> cells = snap.map(x -> x.byBrand().get(brand)).map(ProfileValueStore.RfmCell::of).orElse(List.of());
        return RfmPanel.render(cells, brand, snap.map(io.kith.derive.Derivations.RfmSnapshot::computedAt).orElse(null));
    }

    /** The RFM segment and label distributions of all brands' customers or of one brand's. */
    private static Html distributions(Distributions d, String brand) {
        List<Html> dists = new ArrayList<>();
        if (!d.rfmSegments().isEmpty()) {
            dists.add(Html.of("<h3>RFM segments</h3>{}", Charts.bars(d.rfmSegments(), "RFM segments")));
        }
        d.labels().forEach((label, counts) -> dists.add(Html.of("<h3>{}</h3>{}", label.replace('_', ' '), Charts.bars(counts, label))));
        return Html.of("<section class=\"panel\" aria-labelledby=\"d-labels\"><h2 id=\"d-labels\">Label distributions</h2><p class=\"muted\">"
                + "Customers of {}.</p>{}</section>", ModelPanel.scope(brand),
                dists.isEmpty() ? Html.of("<p class=\"empty\">No labels computed for {} yet.</p>", ModelPanel.scope(brand)) : Html.join(dists));
    }

    private Html quarantine(Staff staff) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        store.sources().all().stream().filter(s -> staff.brands().sees(s.brand())).forEach(s -> seen.add(s.id()));
        List<QuarantinedEvent> recent = store.quarantine().list(null, null, 50).stream().filter(q -> seen.contains(q.sourceId())).limit(10).toList();
        return Html.of("""
                <section class="panel" aria-labelledby="d-q"><h2 id="d-q">Quarantined events</h2><p class="muted">{} in all; the latest with their reasons:</p>
                <table><thead><tr><th scope="col">Received</th><th scope="col">Source</th><th scope="col">Reason</th></tr></thead><tbody>{}</tbody></table></section>""",
                staff.brands().allBrands() ? String.format("%,d", store.quarantine().count()) : "—",
                recent.isEmpty() ? Html.of("<tr><td colspan=\"3\" class=\"empty\">None.</td></tr>") : Html.each(recent, q -> Html.of(
                        "<tr><td>{}</td><td>{}</td><td><code>{}</code> {}{}</td></tr>", CustomerScreens.time(q.receivedAt()), q.sourceId(), q.rejection().code().name(),
                        q.rejection().path() == null ? "" : q.rejection().path() + ": ", q.rejection().message())));
    }

    private Html alerts(Staff staff) {
        List<IdentityAlert> all = identity.recentAlerts();
        List<IdentityAlert> shown = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && shown.size() < 10; i--) {
            IdentityAlert a = all.get(i);
            if (staff.brands().allBrands() || a.profileId() != null
                    && identity.read(g -> g.profile(a.profileId())).map(p -> staff.brands().seesAny(p.brands())).orElse(false)) {
                shown.add(a);
            }
        }
        boolean details = staff.can(Permission.UNMASKED);
        return Html.of("""
                <section class="panel" aria-labelledby="d-a"><h2 id="d-a">Identity alerts</h2>
                <table><thead><tr><th scope="col">Kind</th><th scope="col">Profile</th><th scope="col">Identifier type</th><th scope="col">Detail</th></tr></thead><tbody>{}</tbody></table></section>""",
                shown.isEmpty() ? Html.of("<tr><td colspan=\"4\" class=\"empty\">None.</td></tr>") : Html.each(shown, a -> Html.of(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", a.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                        a.profileId() == null ? Html.EMPTY : Html.of("<a href=\"/customers/{}\">{}</a>", a.profileId(), a.profileId()),
                        a.identifierType(), details ? a.detail() : "(admins see the values)")));
    }
}
