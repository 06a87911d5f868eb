package io.kith.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.StoredEvent;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.Timeline;
import io.kith.profile.Trait;
import io.kith.profile.api.IdentityRebuild;
import io.kith.profile.api.ProfileRoutes;
import io.kith.search.ProfileSearch;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.SegmentStore;
import io.kith.server.HttpReply;
import io.kith.source.Source;
import io.kith.store.Store;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Customer lookup and the single customer view: who this is, badges, traits, segments, the timeline across channels,
 * and the identity panel ("why is this one person?") with the split of a wrong merge. Every view of a profile is
 * written to the audit log before the page is answered.
 */
final class CustomerScreens {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int TIMELINE_PAGE = 25;

    private final Layout layout;
    private final IdentityProjection identity;
    private final Store store;
    private final ProfileSearch search;
    private final ProfileRoutes.OverridesChanges overrides;
    /** The models run in this process, for their explanations; null where none run. */
    private final io.kith.prediction.ModelJobs models;
    private final StaffAudit audit;
    private final Clock clock;
    /** The labels the models' runs define, by the model whose values they read. */
    static final Map<String, String> MODEL_LABELS = Map.of("churn_risk", "clv", "clv_band", "clv", "cluster", "clusters");
    /** The model values shown as badges (the others are in the traits table). */
    static final List<String> MODEL_BADGES = List.of("p_alive", "clv_12m");

    CustomerScreens(Layout layout, IdentityProjection identity, Store store, ProfileSearch search, ProfileRoutes.OverridesChanges overrides,
                    io.kith.prediction.ModelJobs models, StaffAudit audit, Clock clock) {
        this.models = models;
        this.audit = audit;
        this.layout = layout;
        this.identity = identity;
        this.store = store;
        this.search = search;
        this.overrides = overrides;
        this.clock = clock;
    }

    void register(Pages pages) {
        pages.get("/lookup", Permission.LOOKUP, this::lookup);
        pages.get("/customers/{id}", Permission.LOOKUP, this::customer);
        pages.post("/customers/{id}/unlink", Permission.SPLIT_MERGE, this::unlink);
        pages.post("/customers/{id}/distinct", Permission.SPLIT_MERGE, this::distinct);
        pages.get("/rebuilds/{id}", Permission.SPLIT_MERGE, this::rebuild);
        pages.post("/customers/{id}/probable-links/{other}/{verdict}", Permission.SPLIT_MERGE, this::decideLink);
        pages.post("/customers/{id}/match-decisions/{decision}/withdraw", Permission.SPLIT_MERGE, this::withdrawDecision);
    }

    // ---- lookup ----------------------------------------------------------------------------------------------------

    /** Hits the lookup shows at first, and at most when asked for more. */
    static final int LOOKUP_FIRST = 20;
    static final int LOOKUP_MORE = 200;

    private HttpReply lookup(Pages.Request r) {
        String q = r.query("q");
        Html results = Html.EMPTY;
        if (!q.isEmpty()) {
            // a page of hits, and one more to know whether others match: a name shared by many is cut, and says so
            int shown = "more".equals(r.query("show")) ? LOOKUP_MORE : LOOKUP_FIRST;
            // an account limited to brands is cut on what it may see: a cut on every brand's hits told it how many of the
            // other brands' customers match
            List<ProfileSearch.Hit> hits = search.search(q, r.staff().brands().allBrands() ? shown + 1 : LOOKUP_MORE + 1);
            List<Profile> visible = new ArrayList<>();
            for (ProfileSearch.Hit hit : hits) {
                identity.read(g -> g.profile(hit.profileId())).filter(p -> r.staff().brands().seesAny(p.brands())).ifPresent(visible::add);
            }
            boolean cut = visible.size() > shown;
            List<Profile> found = cut ? visible.subList(0, shown) : visible;
            // every hit's badges from one read of the values (a read per hit was a scan of the values table each on DuckDB)
            Map<String, List<ProfileValueStore.Computed>> values = found.isEmpty() ? Map.of() : store.values().of(found.stream().map(Profile::id).toList());
            Html count = !cut ? Html.text(found.size() == 1 ? "1 customer found" : found.size() + " customers found")
                    : shown == LOOKUP_FIRST ? Html.of("The best {} matches are shown; more customers match. <a href=\"/lookup?q={}&amp;show=more\">Show up to {}</a>"
                            + " or narrow the search (an email, a phone number, a full name).", found.size(), enc(q), LOOKUP_MORE)
                    : Html.of("The best {} matches are shown; more customers match: narrow the search (an email, a phone number, a full name).", found.size());
            results = found.isEmpty() && !cut
                    ? Html.of("<p class=\"empty\" role=\"status\">No customer found for “{}”. Try an email, a phone number in any format, a loyalty card or a profile id.</p>", q)
                    : Html.of("<p role=\"status\" class=\"muted\">{}</p><ul class=\"results\">{}</ul>", count,
                    Html.each(found, p -> Html.of("<li class=\"result\"><a href=\"/customers/{}\"><strong>{}</strong></a><div class=\"contacts\">{}</div><div class=\"badges\">{}</div></li>",
                            p.id(), name(p), contacts(r.staff(), p), badges(p, values.getOrDefault(p.id(), List.of())))));
        }
        return layout.page("Customers", r.staff(), "/lookup", Html.of("""
                <h1>Find a customer</h1>
                <form class="search" method="get" action="/lookup" role="search">
                <label for="q">Email, phone, loyalty card or profile id</label>
                <div class="row"><input id="q" name="q" type="search" value="{}" autocomplete="off" autofocus required maxlength="320">
                <button type="submit">Search</button></div></form>{}""", q, results));
    }

    // ---- the customer view -----------------------------------------------------------------------------------------

    private HttpReply customer(Pages.Request r) {
        Staff staff = r.staff();
        String id = r.call().pathParam("id");
        ServerTiming timing = new ServerTiming();
        Profile p = timing.time("profile", () -> identity.read(g -> g.canonical(id).flatMap(g::profile))).filter(f -> staff.brands().seesAny(f.brands()))
                .orElseThrow(() -> Pages.notFound("no customer with id " + id));
        audit.record(r, "view", p.id());
        List<ProfileValueStore.Computed> values = timing.time("values", () -> store.values().of(p.id()));
        Map<String, String> explanations = timing.time("explanations", () -> explanations(values));
        // the person's events this account may see, newest first by when they happened: the timeline, and for an account
        // limited to brands the count in the header (the profile's own count is of every brand's events)
        boolean limited = !staff.brands().allBrands();
        long[] all = staff.can(Permission.CUSTOMER_DETAIL) || limited ? timing.time("sequences", () -> identity.read(g -> g.eventSequences(p.id()))) : new long[0];
        Timeline order = all.length == 0 ? Timeline.of(all, Map.of()) : timing.time("times", () -> Timeline.seenBy(all, store.events().stamps(all), staff.brands()::sees));
        List<String> brandsSeen = p.brands().stream().filter(staff.brands()::sees).sorted().toList();
        String otherBrands = brandsSeen.size() == p.brands().size() ? "" : " (and " + (p.brands().size() - brandsSeen.size()) + " other)";
        List<Html> sections = new ArrayList<>();
        sections.add(Html.of("""
                <section class="panel card" aria-labelledby="who"><h1 id="who">{}</h1><p class="muted">Profile <code>{}</code> · first seen {} · last seen {} · {} events · brands {}{}</p>
                <div class="contacts">{}</div><div class="badges big">{}</div></section>""",
                name(p), p.id(), time(p.firstSeen()), time(p.lastSeen()), limited ? order.size() : p.eventCount(), String.join(", ", brandsSeen), otherBrands,
                contacts(staff, p), badges(p, values, explanations)));
        if (staff.can(Permission.SEGMENTS) || staff.can(Permission.CUSTOMER_DETAIL)) {
            sections.add(timing.time("segments", () -> segments(p)));
        }
        if (staff.can(Permission.CUSTOMER_DETAIL)) {
            int start = Math.max(0, order.startAfter(after(r))); // a cursor that names none of these events: from the newest
            ViewEvents events = new ViewEvents(store.events());
            long[] linking = p.identifiers().stream().mapToLong(ProfileIdentifier::linkedBySequence).distinct().toArray();
            timing.time("events", () -> {
                events.read(java.util.stream.LongStream.concat(Arrays.stream(linking), Arrays.stream(order.page(start, TIMELINE_PAGE))).toArray());
                return null;
            });
            sections.add(timing.time("identifiers", () -> identifiers(staff, p, events)));
            sections.add(timing.time("traits", () -> traits(staff, p, values)));
            sections.add(timing.time("history", () -> HistoryPanel.panel(staff, store.history().ofEvents(all),
                    this::source)));
            sections.add(timing.time("timeline", () -> timeline(r, p, order, start, events)));
            sections.add(timing.time("decisions", () -> identityPanel(staff, p)));
            sections.add(timing.time("probable-links", () -> probableLinks(staff, p)));
        }
        if (models != null && staff.can(Permission.CUSTOMER_DETAIL)) {
            sections.add(timing.time("household", () -> household(staff, p, values)));
        }
        if (models != null && (staff.can(Permission.SEGMENTS) || staff.can(Permission.CUSTOMER_DETAIL))) {
            sections.add(timing.time("recommendations", () -> recommendations(values)));
        }
        if (staff.can(Permission.PRIVACY)) {
            sections.add(timing.time("privacy", () -> PrivacyScreens.panel(staff, p)));
        }
        HttpReply page = timing.time("render", () -> layout.page(titleOf(p), staff, "/lookup", Html.of("<div class=\"customer\">{}</div>", Html.join(sections))));
        return page.withHeader("Server-Timing", timing.header());
    }

    /** The identifiers, each with the source of the event that linked it (read by the view with its timeline). */
    private Html identifiers(Staff staff, Profile p, ViewEvents events) {
        return Html.of("""
                <section class="panel" aria-labelledby="ids"><h2 id="ids">Identifiers</h2><table><thead><tr><th scope="col">Type</th><th scope="col">Value</th>
                <th scope="col">Source (channel)</th><th scope="col">First seen</th></tr></thead><tbody>{}</tbody></table></section>""",
                Html.each(p.identifiers(), i -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", i.type(), Masking.shown(staff, i.type(), i.value()),
                                events.get(i.linkedBySequence()).map(e -> staff.brands().sees(e.event().brand()) ? source(e.event().sourceId()) : Html.text("another brand"))
                                .orElse(source(null)), time(i.firstSeen()))));
    }

    private Html traits(Staff staff, Profile p, List<ProfileValueStore.Computed> values) {
        List<Html> rows = new ArrayList<>();
        for (Map.Entry<String, Trait> t : new java.util.TreeMap<>(p.traits()).entrySet()) {
            String v = value(t.getValue().value());
            rows.add(Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", t.getKey(),
                    staff.can(Permission.UNMASKED) || !Masking.sensitive(t.getKey()) ? v : Masking.mask(t.getKey(), v), source(t.getValue().sourceId()),
                    time(t.getValue().at())));
        }
        for (ProfileValueStore.Computed c : values) {
            if (c.value().isContainerNode() && c.namespace() == io.kith.segment.ProfileValue.Namespace.MODEL) {
                continue; // a household or a list of recommendations: shown in its own panel
            }
            rows.add(Html.of("<tr><td>{} <span class=\"tag\">{}</span></td><td>{}</td><td>Kith (v{})</td><td>{}</td></tr>", c.name(), c.namespace().word(),
                    value(c.value()), c.version(), time(c.computedAt())));
        }
        return Html.of("""
                <section class="panel" aria-labelledby="traits"><h2 id="traits">Traits</h2><table><thead><tr><th scope="col">Trait</th><th scope="col">Value</th>
                <th scope="col">Source</th><th scope="col">As of</th></tr></thead><tbody>{}</tbody></table></section>""",
                rows.isEmpty() ? Html.of("<tr><td colspan=\"4\" class=\"empty\">No traits yet.</td></tr>") : Html.join(rows));
    }

    private Html segments(Profile p) {
        SegmentStore segs = store.segments();
        List<String> in = segs.segmentsOf(p.id());
        List<SegmentStore.MembershipChange> history = segs.history(p.id());
        return Html.of("""
                <section class="panel" aria-labelledby="segs"><h2 id="segs">Segments</h2><p>{}</p>
                <details><summary>Entries and exits ({})</summary><ol class="history">{}</ol></details></section>""",
                in.isEmpty() ? Html.text("In no segment.") : Html.each(in, k -> Html.of("<a class=\"badge badge-segment\" href=\"/segments/{}\">{}</a> ", k, k)),
                history.size(),
                Html.each(history.reversed(), h -> Html.of("<li><time>{}</time> {} <a href=\"/segments/{}\">{}</a> <span class=\"muted\">({}, v{})</span></li>",
                        time(h.at()), h.entered() ? "entered" : "left", h.segmentKey(), h.segmentKey(), h.cause(), h.version())));
    }

    /** The timeline's cursor: the sequence its page ends before (from the newest where absent or edited). */
    private static Long after(Pages.Request r) {
        try {
            return r.query("before").isEmpty() ? null : Long.valueOf(r.query("before"));
        } catch (NumberFormatException ignored) {
            return null; // an edited cursor: from the newest
        }
    }

    /**
     * A page of the profile's events from position {@code start} of its timeline (newest first by when they happened),
     * that pass the filters (the brands the staff member may see first). The first page's worth was read with the
     * identifiers' events; further ones are read, 200 at a time, only while the filters pass over events.
     */
    private Html timeline(Pages.Request r, Profile p, Timeline order, int start, ViewEvents events) {
        Staff staff = r.staff();
        String channel = r.query("channel");
        String sourceId = r.query("source");
        String brand = r.query("brand");
        String type = r.query("type");
        Map<String, Source> sources = new LinkedHashMap<>();
        store.sources().all().forEach(s -> sources.put(s.id(), s));
        List<StoredEvent> shown = new ArrayList<>();
        int at = start;
        int chunkSize = TIMELINE_PAGE;
        long last = -1; // the last event looked at: the next page starts after it
        while (at < order.size() && shown.size() < TIMELINE_PAGE) {
            long[] chunk = order.page(at, chunkSize);
            events.read(chunk);
            for (long seq : chunk) {
                if (shown.size() == TIMELINE_PAGE) {
                    break;
                }
                at++;
                last = seq;
                StoredEvent e = events.get(seq).orElse(null);
                if (e == null) {
                    continue; // erased since the profile's sequences were read
                }
                Source s = sources.get(e.event().sourceId());
                // the filters (the timeline holds the account's brands' events only already)
                if (!brand.isEmpty() && !brand.equals(e.event().brand())
                        || !sourceId.isEmpty() && !sourceId.equals(e.event().sourceId())
                        || !channel.isEmpty() && (s == null || !channel.equals(s.kind().wireName()))
                        || !type.isEmpty() && !type.equals(e.event().type().wireName())) {
                    continue;
                }
                shown.add(e);
            }
            chunkSize = 200;
        }
        boolean more = shown.size() == TIMELINE_PAGE && at < order.size();
        long next = last;
        String filters = "channel=" + enc(channel) + "&source=" + enc(sourceId) + "&brand=" + enc(brand) + "&type=" + enc(type);
        Html options = Html.of("""
                <form class="filters" method="get" action="/customers/{}#timeline">
                <label>Channel <select name="channel">{}</select></label>
                <label>Source <select name="source">{}</select></label>
                <label>Brand <select name="brand">{}</select></label>
                <label>Event type <select name="type">{}</select></label>
                <button type="submit">Filter</button></form>""", p.id(),
                options(sources.values().stream().map(s -> s.kind().wireName()).distinct().sorted().toList(), channel, "every channel"),
                options(sources.values().stream().filter(s -> staff.brands().sees(s.brand())).map(Source::id).toList(), sourceId, "every source"),
                options(p.brands().stream().filter(b -> staff.brands().sees(b)).sorted().toList(), brand, "every brand"),
                options(Arrays.stream(io.kith.event.EventType.values()).map(io.kith.event.EventType::wireName).toList(), type, "every type"));
        Html rows = shown.isEmpty() ? Html.of("<li class=\"empty\">No events match.</li>") : Html.each(shown, e -> {
            Source s = sources.get(e.event().sourceId());
            String kind = s == null ? "other" : s.kind().wireName();
            return Html.of("<li class=\"event\"><time>{}</time><span class=\"channel channel-{}\">{}</span><div><strong>{}</strong> <span class=\"muted\">{} · {} · {}</span><div class=\"props\">{}</div></div></li>",
                    time(e.event().timestamp()), kind, kind.replace('_', ' '), e.event().name() != null ? e.event().name() : e.event().type().wireName(),
                    e.event().type().wireName(), s == null ? e.event().sourceId() : s.name(), e.event().brand(), properties(staff, e.event().properties()));
        });
        return Html.of("""
                <section class="panel" aria-labelledby="timeline"><h2 id="timeline">Timeline</h2>{}<ol class="timeline">{}</ol>{}</section>""",
                options, rows, more ? Html.of("<p><a class=\"button\" href=\"/customers/{}?{}&before={}#timeline\">Older events</a></p>", p.id(), Html.text(filters), next) : Html.EMPTY);
    }

    private Html identityPanel(Staff staff, Profile p) {
        List<Decision> decisions = identity.read(g -> g.explain(p.id()));
        boolean split = staff.can(Permission.SPLIT_MERGE);
        Html list = Html.each(decisions, d -> switch (d) {
            case Decision.Linked l -> Html.of("<li><span class=\"tag\">linked</span> {} {} <span class=\"muted\">(event #{})</span></li>",
                    shown(staff, l.identifier()), l.anchor() == null ? Html.text("started this profile") : Html.of("came with {}", shown(staff, l.anchor())), l.sequence());
            case Decision.Merged m -> identity.overrides().acceptedBetween(m.via(), m.with()).isPresent()
                    ? Html.of("<li><span class=\"tag tag-merge\">merged</span> profile <code>{}</code> joined because staff said it is the same person as {} "
                            + "(an accepted probable link: {} and {}) <span class=\"muted\">(event #{})</span></li>", m.absorbed(), shown(staff, m.with()),
                            shown(staff, m.via()), shown(staff, m.with()), m.sequence())
                    : Html.of("<li><span class=\"tag tag-merge\">merged</span> profile <code>{}</code> joined because one event carried {} and {} <span class=\"muted\">(event #{})</span></li>",
                    m.absorbed(), shown(staff, m.via()), shown(staff, m.with()), m.sequence());
            case Decision.Refused f -> Html.of("<li><span class=\"tag tag-refused\">refused</span> {} under rule {}: {} <span class=\"muted\">(event #{})</span></li>",
                    shown(staff, f.identifier()), f.rule().name().toLowerCase(java.util.Locale.ROOT), f.reason(), f.sequence());
        });
        Html actions = Html.EMPTY;
        if (split && p.identifiers().size() > 1) {
            Html choices = Html.each(p.identifiers(), i -> Html.of("<option value=\"{}:{}\">{}: {}</option>", i.type(), i.value(), i.type(), Masking.shown(staff, i.type(), i.value())));
            actions = Html.of("""
                    <h3>Split a wrong merge</h3>
                    <p class="muted">Saved as an identity override; every stored event is resolved again in the background.</p>
                    <form method="post" action="/customers/{}/unlink" class="inline">{}<label for="unlink">Take out</label>
                    <select id="unlink" name="identifier">{}</select><button type="submit" class="danger">Unlink</button></form>
                    <form method="post" action="/customers/{}/distinct" class="inline">{}<label for="a">Keep apart</label>
                    <select id="a" name="a">{}</select><label for="b">and</label><select id="b" name="b">{}</select>
                    <button type="submit" class="danger">Keep distinct</button></form>""",
                    p.id(), Layout.csrf(staff), choices, p.id(), Layout.csrf(staff), choices, choices);
        }
        return Html.of("""
                <section class="panel" aria-labelledby="why"><h2 id="why">Why is this one person?</h2>{}<ol class="decisions">{}</ol>{}</section>""",
                p.mergedFrom().isEmpty() ? Html.EMPTY : Html.of("<p>Merged from {} other profile(s).</p>", p.mergedFrom().size()), list, actions);
    }

    /**
     * The profiles that are probably the same person (statistical matching): each with its probability, what spoke for
     * and against it (comparison levels, never the other person's values) and the model that scored it. Shown, never
     * treated as certain: a login or a loyalty-card purchase that ties the two merges them for real, and staff who may
     * change identity decide ("Same person" joins the two, "Not the same" keeps them apart and the matcher stops proposing
     * them); each decision is an identity override, listed here with a button that withdraws it.
     */
    private Html probableLinks(Staff staff, Profile p) {
        List<io.kith.identity.ProbableLinks.Link> links = store.probableLinks().of(p.id()).stream()
                .filter(l -> identity.read(g -> g.profile(l.other(p.id())).map(o -> o.id().equals(l.other(p.id())) && staff.brands().seesAny(o.brands()))
                        .orElse(false)))
                .toList();
        boolean decide = staff.can(Permission.SPLIT_MERGE) && overrides != null;
        List<IdentityOverrides.MatchDecision> decisions = identity.overrides().matches().stream()
                .filter(m -> identity.read(g -> g.lookup(m.a()).filter(p.id()::equals).isPresent() || g.lookup(m.b()).filter(p.id()::equals).isPresent()))
                .toList();
        Html decided = decisions.isEmpty() ? Html.EMPTY : Html.of("""
                <h3>Decisions</h3><ul class="decisions">{}</ul>""", Html.each(decisions, m -> Html.of(
                "<li><span class=\"tag\">{}</span> <code>{}</code> and <code>{}</code> <span class=\"muted\">({}{})</span>{}</li>",
                m.verdict() == IdentityOverrides.Verdict.SAME ? "same person" : "not the same", m.profileA(), m.profileB(), time(m.decidedAt()),
                m.probability() == null ? "" : String.format(java.util.Locale.ROOT, ", %.0f %%", m.probability() * 100),
                decide ? Html.of("""
                         <form method="post" action="/customers/{}/match-decisions/{}/withdraw" class="inline">{}<button type="submit">Withdraw</button></form>""",
                        p.id(), m.id(), Layout.csrf(staff)) : Html.EMPTY)));
        if (links.isEmpty()) {
            return Html.of("""
                    <section class="panel" aria-labelledby="probable"><h2 id="probable">Probably the same person</h2>
                    <p class="muted">No probable duplicate found by the last matching run.</p>{}</section>""", decided);
        }
        return Html.of("""
                <section class="panel" aria-labelledby="probable"><h2 id="probable">Probably the same person</h2>
                <p class="muted">Statistical matches on names, birthday, address, phone and email: shown, never merged by themselves. A login or a
                card that ties the two merges them; so does "Same person", which like "Not the same" is saved as an identity override and applied
                by a rebuild.</p>
                <table><thead><tr><th scope="col">Profile</th><th scope="col">Probability</th><th scope="col">For</th><th scope="col">Against</th>
                <th scope="col">Model</th>{}</tr></thead><tbody>{}</tbody></table>{}</section>""",
                decide ? Html.of("<th scope=\"col\">Decide</th>") : Html.EMPTY,
                Html.each(links, l -> {
                    String other = l.other(p.id());
                    Html name = identity.read(g -> g.profile(other)).map(CustomerScreens::name).orElse(Html.text(other));
                    boolean mineIsA = l.profileA().equals(p.id());
                    List<String> pro = l.evidence().stream().filter(e -> e.weight() > 0).map(e -> HistoryPanel.evidence(staff, e, mineIsA, this::sourceName)).toList();
                    List<String> con = l.evidence().stream().filter(e -> e.weight() < 0).map(e -> HistoryPanel.evidence(staff, e, mineIsA, this::sourceName)).toList();
                    Html buttons = !decide ? Html.EMPTY : Html.of("""
                            <td><form method="post" action="/customers/{}/probable-links/{}/same" class="inline">{}<button type="submit">Same person</button></form>
                            <form method="post" action="/customers/{}/probable-links/{}/different" class="inline">{}<button type="submit" class="danger">Not the same</button></form></td>""",
                            p.id(), other, Layout.csrf(staff), p.id(), other, Layout.csrf(staff));
                    return Html.of("<tr><td><a href=\"/customers/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td>{}</tr>",
                            other, name, String.format(java.util.Locale.ROOT, "%.0f %%", l.probability() * 100), String.join(", ", pro),
                            String.join(", ", con), l.modelVersion(), buttons);
                }), decided);
    }

    private HttpReply decideLink(Pages.Request r) {
        Staff staff = r.staff();
        String other = r.call().pathParam("other");
        IdentityOverrides.Verdict verdict = switch (r.call().pathParam("verdict")) {
            case "same" -> IdentityOverrides.Verdict.SAME;
            case "different" -> IdentityOverrides.Verdict.DIFFERENT;
            default -> throw Pages.notFound("no such decision");
        };
        String id = r.call().pathParam("id");
        identity.read(g -> g.profile(other)).filter(o -> o.id().equals(other) && staff.brands().seesAny(o.brands()))
                .orElseThrow(() -> Pages.notFound("no customer with id " + other));
        Double probability = store.probableLinks().of(id).stream().filter(l -> l.other(id).equals(other)).findFirst()
                .map(io.kith.identity.ProbableLinks.Link::probability).orElse(null);
        IdentityOverrides.MatchDecision decision = identity.read(g -> io.kith.identity.MatchDecisions.decide(g, id, other, verdict, probability,
                clock.instant(), io.kith.identity.MatchDecisions.newId(RANDOM)));
        return submit(r, current -> current.withMatch(decision), verdict == IdentityOverrides.Verdict.SAME ? "accept probable link" : "reject probable link");
    }

    private HttpReply withdrawDecision(Pages.Request r) {
        String decision = r.call().pathParam("decision");
        IdentityOverrides.MatchDecision m = identity.overrides().matches().stream().filter(d -> d.id().equals(decision)).findFirst()
                .orElseThrow(() -> Pages.notFound("no decision " + decision + " is in force"));
        return submit(r, io.kith.identity.MatchDecisions.withdraw(m, io.kith.identity.MatchDecisions.newId(RANDOM), clock.instant()),
                "withdraw probable link decision");
    }

    private static final java.util.random.RandomGenerator RANDOM = new java.security.SecureRandom();

    // ---- splitting a merge -----------------------------------------------------------------------------------------

    private HttpReply unlink(Pages.Request r) {
        Identifier id = identifier(r.form().text("identifier"));
        return submit(r, current -> current.withUnlinked(id), "unlink");
    }

    private HttpReply distinct(Pages.Request r) {
        Identifier a = identifier(r.form().text("a"));
        Identifier b = identifier(r.form().text("b"));
        if (a.equals(b)) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_ARGUMENT, "choose two different identifiers to keep apart");
        }
        return submit(r, current -> current.withDistinct(a, b), "distinct");
    }

    private HttpReply submit(Pages.Request r, UnaryOperator<IdentityOverrides> change, String action) {
        Staff staff = r.staff();
        String id = r.call().pathParam("id");
        Profile p = identity.read(g -> g.canonical(id).flatMap(g::profile)).filter(f -> staff.brands().seesAny(f.brands()))
                .orElseThrow(() -> Pages.notFound("no customer with id " + id));
        if (overrides == null) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.CONFLICT, "this server does not change identity overrides");
        }
        IdentityRebuild rebuild = overrides.submit(change);
        audit.record(r, action, p.id());
        return Pages.redirect("/rebuilds/" + rebuild.id() + "?customer=" + enc(p.id()));
    }

    private HttpReply rebuild(Pages.Request r) {
        String id = r.call().pathParam("id");
        IdentityRebuild rb = overrides == null ? null : overrides.rebuild(id).orElse(null);
        if (rb == null) {
            throw Pages.notFound("no identity rebuild " + id + " (this server keeps its recent rebuilds until it restarts)");
        }
        String customer = r.query("customer");
        Optional<String> now = customer.isEmpty() ? Optional.empty() : identity.read(g -> g.canonical(customer));
        Html body = Html.of("""
                <section class="panel"><h1>Identity rebuild</h1>
                <p role="status" class="status status-{}" data-rebuild="{}">{}</p>
                <progress {}max="1" aria-label="Rebuild progress">{}</progress>{}</section>""",
                rb.status().wire(), rb.status().wire(), switch (rb.status()) {
                    case QUEUED -> "Queued: waiting for the rebuild before it to finish…";
                    case RUNNING -> "Running: every stored event is being resolved again…";
                    case DONE -> "Done: " + rb.eventsReplayed() + " events resolved again with the new override.";
                    case FAILED -> "Failed: " + rb.error() + ". The previous overrides stay in force.";
                }, rb.finished() ? Html.of("value=\"1\" ") : Html.EMPTY, rb.finished() ? "done" : "working",
                rb.finished() && now.isPresent() ? Html.of("<p><a class=\"button\" href=\"/customers/{}\">Back to the customer</a></p>", now.get()) : Html.EMPTY);
        return rb.finished() ? layout.page("Identity rebuild", r.staff(), "/lookup", body) : layout.refreshing("Identity rebuild", r.staff(), "/lookup", body);
    }

    private static Identifier identifier(String typeColonValue) {
        int c = typeColonValue.indexOf(':');
        if (c <= 0) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_ARGUMENT, "choose an identifier");
        }
        return new Identifier(typeColonValue.substring(0, c), typeColonValue.substring(c + 1));
    }

    // ---- pieces ----------------------------------------------------------------------------------------------------

    /** The page's title: the name as text (the layout escapes it once), not {@link #name}'s markup. */
    private static String titleOf(Profile p) {
        String n = io.kith.profile.DisplayName.of(p);
        return n == null ? "Unnamed customer" : n;
    }

    static Html name(Profile p) {
        String n = io.kith.profile.DisplayName.of(p);
        return n == null ? Html.of("<span class=\"muted\">Unnamed customer</span>") : Html.text(n);
    }

    static Html contacts(Staff staff, Profile p) {
        List<Html> out = new ArrayList<>();
        for (ProfileIdentifier i : p.identifiers()) {
            if (Masking.contact(i.type())) {
                out.add(Html.of("<span class=\"contact\"><span class=\"visually-hidden\">{}: </span>{}</span>", i.type(), Masking.shown(staff, i.type(), i.value())));
            }
        }
        return Html.join(out);
    }

    /** RFM segment, VIP, labels, model results and consent, from what exists for the profile. */
    /** The title of each model's badges: the version (run) and time of its values, and why they are what they are. */
    private Map<String, String> explanations(List<ProfileValueStore.Computed> values) {
        Map<String, String> out = new java.util.HashMap<>();
        if (models != null) {
            for (io.kith.prediction.ModelJobs.Explanation e : models.explain(values)) {
                out.put(e.model(), "model " + e.model() + " run " + e.model() + "-" + e.version() + ", " + time(e.computedAt()) + " UTC: " + e.explanation());
            }
        }
        return out;
    }

    /**
     * The household the last households run put the person in: the other members (links, those the staff member's brands
     * may see), each one's tie, the confidence, why they were grouped (what they share, never the shared value) and the run.
     * A household is not a merge: they stay distinct people.
     */
    private Html household(Staff staff, Profile p, List<ProfileValueStore.Computed> values) {
        Optional<io.kith.prediction.ModelJobs.HouseholdView> found = models.household(values);
        if (found.isEmpty()) {
            return Html.of("""
                    <section class="panel" aria-labelledby="household"><h2 id="household">Household</h2>
                    <p class="muted">Not in a household by the last households run.</p></section>""");
        }
        io.kith.prediction.ModelJobs.HouseholdView h = found.get();
        List<io.kith.prediction.ModelJobs.Member> others = h.members().stream().filter(m -> !m.profileId().equals(p.id()))
                .filter(m -> identity.read(g -> g.canonical(m.profileId()).filter(m.profileId()::equals).flatMap(g::profile)
                        .map(o -> staff.brands().seesAny(o.brands())).orElse(false)))
                .toList();
        return Html.of("""
                <section class="panel" aria-labelledby="household"><h2 id="household">Household</h2>
                <p>{} profiles, confidence {}: {}</p>
                <table><thead><tr><th scope="col">Member</th><th scope="col">Tie</th></tr></thead><tbody>{}</tbody></table>
                <p class="muted">Grouped by shared address and surname, landline, payment card or device; not merged. Run
                <code>households-{}</code> ({} UTC), model <code>{}</code>.</p></section>""",
                h.members().size(), percent(h.confidence()), String.join("; ", h.evidence().stream().map(e -> "same " + e.kind().replace('_', ' ')
                        + (e.shown() == null ? "" : " " + e.shown()) + " (" + e.profileIds().size() + " profiles)").toList()),
                Html.each(others, m -> Html.of("<tr><td><a href=\"/customers/{}\">{}</a></td><td>{}</td></tr>", m.profileId(),
                        identity.read(g -> g.profile(m.profileId())).map(CustomerScreens::name).orElse(Html.text(m.profileId())), percent(m.tie()))),
                h.version(), time(h.computedAt()), h.modelVersion());
    }

    /** The products recommended by the last recommendations run, with why, and the run (or the popular ones for a newcomer). */
    private Html recommendations(List<ProfileValueStore.Computed> values) {
        Optional<io.kith.prediction.ModelJobs.RecommendationList> found = models.recommendations(values);
        if (found.isEmpty() || found.get().items().isEmpty()) {
            return Html.of("""
                    <section class="panel" aria-labelledby="recommended"><h2 id="recommended">Recommended products</h2>
                    <p class="muted">No recommendations run yet.</p></section>""");
        }
        io.kith.prediction.ModelJobs.RecommendationList r = found.get();
        return Html.of("""
                <section class="panel" aria-labelledby="recommended"><h2 id="recommended">Recommended products</h2>
                <ol class="recommendations">{}</ol>
                <p class="muted">{} Run <code>recommendations-{}</code> ({} UTC), model <code>{}</code>.</p></section>""",
                Html.each(r.items(), i -> Html.of("<li><strong>{}</strong> <span class=\"muted\">{}</span></li>",
                        i.name() == null ? i.productId() : i.name(), i.why())),
                r.basis().equals("popular") ? "Nothing bought or viewed in the last run: the most popular products." : "From what customers bought and viewed together.",
                r.version(), time(r.computedAt()), r.modelVersion());
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.0f %%", share * 100);
    }

    static Html badges(Profile p, List<ProfileValueStore.Computed> values) {
        return badges(p, values, Map.of());
    }

    /**
     * The profile's badges; a model's label or value carries, as its title (shown on hover), the version and explanation
     * in {@code modelTitles} (by model), or else the version of the run that computed it.
     */
    static Html badges(Profile p, List<ProfileValueStore.Computed> values, Map<String, String> modelTitles) {
        List<Html> out = new ArrayList<>();
        boolean vip = truthy(p.traits().get("vip") == null ? null : p.traits().get("vip").value());
        for (ProfileValueStore.Computed c : values) {
            vip |= c.name().equalsIgnoreCase("vip") && truthy(c.value());
        }
        if (vip) {
            out.add(Html.of("<span class=\"badge badge-vip\">VIP</span>"));
        }
        for (ProfileValueStore.Computed c : values) {
            String v = value(c.value());
            switch (c.namespace()) {
                case RFM -> {
                    if (c.name().equals("segment")) {
                        out.add(Html.of("<span class=\"badge badge-rfm\" title=\"RFM segment\">RFM: {}</span>", v));
                    }
                }
                case LABEL -> {
                    String model = MODEL_LABELS.get(c.name());
                    if (model == null) {
                        out.add(Html.of("<span class=\"badge badge-label\">{}: {}</span>", c.name().replace('_', ' '), v));
                    } else {
                        out.add(Html.of("<span class=\"badge badge-model\" title=\"{}\">{}: {}</span>", modelTitles.getOrDefault(model,
                                "label v" + c.version() + " over the " + model + " model's values"), c.name().replace('_', ' '), v));
                    }
                }
                case MODEL -> {
                    if (MODEL_BADGES.contains(c.name())) {
                        out.add(Html.of("<span class=\"badge badge-model\" title=\"{}\">{}: {}</span>", modelTitles.getOrDefault("clv",
                                "model clv run clv-" + c.version()), c.name().replace('_', ' '), v));
                    }
                }
                case CONSENT -> out.add(Html.of("<span class=\"badge badge-consent-{}\">consent {}: {}</span>", truthy(c.value()) ? "yes" : "no",
                        c.name().replace('_', ' '), truthy(c.value()) ? "yes" : v));
                default -> {
                }
            }
        }
        return Html.join(out);
    }

    private Html shown(Staff staff, Identifier i) {
        return i == null ? Html.EMPTY : Html.of("<code>{}:{}</code>", i.type(), Masking.shown(staff, i.type(), i.value()));
    }

    private Html properties(Staff staff, JsonNode props) {
        if (props == null || !props.isObject()) {
            return Html.EMPTY;
        }
        List<Html> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext() && out.size() < 5) {
            Map.Entry<String, JsonNode> f = it.next();
            String v = value(f.getValue());
            if (v.length() > 60) {
                v = v.substring(0, 59) + "…";
            }
            out.add(Html.of("<span class=\"prop\">{}: {}</span> ", f.getKey(),
                    staff.can(Permission.UNMASKED) || !Masking.sensitive(f.getKey()) ? v : Masking.mask(f.getKey(), v)));
        }
        return Html.join(out);
    }

    private String sourceName(String sourceId) {
        return store.sources().byId(sourceId).map(Source::name).orElse(sourceId);
    }

    private Html source(String sourceId) {
        if (sourceId == null) {
            return Html.EMPTY;
        }
        return store.sources().byId(sourceId).map(s -> Html.of("{} <span class=\"muted\">({})</span>", s.name(), s.kind().wireName().replace('_', ' ')))
                .orElse(Html.text(sourceId));
    }

    private static Html options(List<String> values, String selected, String all) {
        List<Html> out = new ArrayList<>();
        out.add(Html.of("<option value=\"\">{}</option>", all));
        for (String v : values) {
            out.add(Html.of("<option value=\"{}\"{}>{}</option>", v, v.equals(selected) ? Html.of(" selected") : Html.EMPTY, v.replace('_', ' ')));
        }
        return Html.join(out);
    }

    static boolean truthy(JsonNode v) {
        return v != null && (v.isBoolean() && v.booleanValue() || v.isTextual() && List.of("true", "yes", "granted", "opted_in").contains(v.asText().toLowerCase(java.util.Locale.ROOT)));
    }

    static String value(JsonNode v) {
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
