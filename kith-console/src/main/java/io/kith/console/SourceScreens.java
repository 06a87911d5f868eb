package io.kith.console;

import io.kith.event.Event;
import io.kith.event.EventActivity;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.server.HttpReply;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sources and their write keys (admins): the list, a new source (its key shown once), a key rotation (the new key shown
 * once, the old one working on for a day), the snippet that installs analytics.js on a web source's site, and each
 * source's live event debugger: its latest stored events, newest first, refreshed every few seconds until paused. An
 * account limited to brands sees, creates and changes only sources of its brands.
 */
final class SourceScreens {
    /** Events the debugger shows. */
    static final int DEBUGGER_EVENTS = 50;
    /** Seconds between the debugger's refreshes. */
    static final int REFRESH_SECONDS = 5;
    /** The debugger writes one audit line per account and source in this time, not one per refresh. */
    static final Duration AUDIT_EVERY = Duration.ofMinutes(10);
    /** A payload is shown up to this many characters. */
    static final int PAYLOAD_CHARS = 4000;

    private final Layout layout;
    private final SourceRegistry sources;
    private final EventActivity activity;
    private final EventStore events;
    private final StaffAudit audit;
    private final Clock clock;
    private final Map<String, Instant> audited = new ConcurrentHashMap<>();

    SourceScreens(Layout layout, SourceRegistry sources, EventActivity activity, EventStore events, StaffAudit audit, Clock clock) {
        this.layout = layout;
        this.sources = sources;
        this.activity = activity;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    void register(Pages pages) {
        pages.get("/sources", Permission.SOURCES, this::list);
        pages.post("/sources", Permission.SOURCES, this::create);
        pages.post("/sources/{id}/rotate", Permission.SOURCES, this::rotate);
        pages.get("/sources/{id}/events", Permission.SOURCES, this::debugger);
    }

    private List<Source> visible(Staff staff) {
        return sources.all().stream().filter(s -> staff.brands().sees(s.brand())).toList();
    }

    private Source source(Pages.Request r) {
        String id = r.call().pathParam("id");
        return sources.byId(id).filter(s -> r.staff().brands().sees(s.brand())).orElseThrow(() -> Pages.notFound("no source " + id));
    }

    private HttpReply list(Pages.Request r) {
        return layout.page("Sources", r.staff(), "/sources", Html.of("""
                <h1>Sources and keys</h1>
                <table><thead><tr><th scope="col">Source</th><th scope="col">Brand</th><th scope="col">Kind</th><th scope="col">Write key</th><th scope="col">Events</th><th scope="col"></th></tr></thead>
                <tbody>{}</tbody></table>
                <section class="panel"><h2>New source</h2><form method="post" action="/sources" class="fields">{}
                <label for="s-name">Name</label><input id="s-name" name="name" required maxlength="200">
                <label for="s-brand">Brand</label><input id="s-brand" name="brand" required maxlength="100">
                <label for="s-kind">Kind</label><select id="s-kind" name="kind">{}</select>
                <label for="s-region">Default phone region <span class="muted">(two letters, optional)</span></label><input id="s-region" name="region" maxlength="2">
                <button type="submit" class="primary">Create source</button></form></section>""",
                Html.each(visible(r.staff()), s -> Html.of("""
                        <tr><td>{}<div class="muted"><code>{}</code></div></td><td>{}</td><td>{}</td><td>{}</td><td><a href="/sources/{}/events">Live events{}</a></td>
                        <td><form method="post" action="/sources/{}/rotate">{}
                        <button type="submit" class="danger" aria-label="Rotate the write key of {}">Rotate key</button></form></td></tr>""",
                        s.name(), s.id(), s.brand(), s.kind().wireName(), s.writeKeyShown() ? Html.of("<code>{}</code>", s.writeKey())
                                : Html.of("<span class=\"muted\">secret (shown once)</span>"), s.id(),
                        s.kind() == SourceKind.WEB ? " and install" : "", s.id(), Layout.csrf(r.staff()), s.name())),
                Layout.csrf(r.staff()), Html.each(Arrays.asList(SourceKind.values()), k -> Html.of("<option value=\"{}\">{}</option>", k.wireName(),
                        k.wireName().replace('_', ' ')))));
    }

    private HttpReply create(Pages.Request r) {
        String brand = r.form().text("brand");
        if (!r.staff().brands().sees(brand.trim())) {
            return layout.error(403, "Not your brand", "Your account is limited to " + Layout.roleName(r.staff()) + "; create sources of those brands only.", r.staff());
        }
        Source s = sources.create(new NewSource(r.form().text("name"), brand, SourceKind.parse(r.form().text("kind")), r.form().text("region")));
        audit.record(r, "create source", s.id());
        return issued(r, s, "Source created", null);
    }

    private HttpReply rotate(Pages.Request r) {
        Source s = source(r);
        SourceRegistry.Rotation rotation = sources.rotate(s.id(), SourceRegistry.DEFAULT_ROTATION_OVERLAP);
        audit.record(r, "rotate write key", s.id());
        return issued(r, rotation.source(), "Write key rotated", "The previous key works until " + CustomerScreens.time(rotation.previousValidUntil()) + " UTC.");
    }

    /**
     * The debugger: a source's latest events as stored (so as accepted: what was quarantined is on the dashboard), newest
     * first, with times and types, and each payload on demand. It refreshes itself (a meta refresh: no script needed)
     * until paused; the pause link comes first, so that a keyboard user reaches it before anything else.
     */
    private HttpReply debugger(Pages.Request r) {
        Source s = source(r);
        boolean paused = !r.query("paused").isEmpty();
        auditOnce(r, s);
        List<StoredEvent> latest = events.bySequences(activity.latest(s.id(), DEBUGGER_EVENTS));
        boolean payloads = r.staff().can(Permission.UNMASKED);
        String self = "/sources/" + s.id() + "/events";
        Html main = Html.of("""
                <h1>{} <span class="muted">live events</span></h1>
                <p>{}</p>
                <p class="muted">{} · brand {} · <code>{}</code> · the latest {} events as stored, newest first (rejected events are on the
                <a href="/dashboard#d-q">dashboard</a>); as of {} UTC.</p>
                <section class="panel debugger" aria-labelledby="s-events"><h2 id="s-events">Events</h2>{}</section>{}
                <p><a class="button" href="/sources">Back to sources</a></p>""",
                s.name(), paused ? Html.of("Paused. <a href=\"{}\">Resume live updates</a>", self)
                        : Html.of("<span class=\"live\">Live</span>: refreshes every {} seconds. <a href=\"{}?paused=1\">Pause</a> (to open a payload)", REFRESH_SECONDS, self),
                s.kind().wireName(), s.brand(), s.id(), DEBUGGER_EVENTS, CustomerScreens.time(clock.instant()),
                latest.isEmpty() ? Html.of("<p class=\"empty\">No events from this source yet.{}</p>", s.kind() == SourceKind.WEB ? " Install the snippet below." : "")
                        : Html.of("<ol class=\"timeline\">{}</ol>", Html.each(latest, e -> row(e.event(), payloads))),
                s.kind() == SourceKind.WEB ? Html.of("<section class=\"panel\" aria-labelledby=\"s-install\">{}</section>",
                        snippet(r, s.writeKeyShown() ? s.writeKey() : "YOUR_WRITE_KEY")) : Html.EMPTY);
        Html head = paused ? Html.EMPTY : Html.of("<meta http-equiv=\"refresh\" content=\"{}\">", REFRESH_SECONDS);
        return Pages.html(200, layout.document(s.name() + " events", r.staff(), "/sources", main, head));
    }

    private static Html row(Event e, boolean payload) {
        String json = e.jsonText();
        String name = e.name() == null ? "" : e.name();
        String who = e.userId() != null ? "user " + e.userId() : e.anonymousId() != null ? "anonymous " + e.anonymousId() : "";
        return Html.of("""
                <li class="event"><time datetime="{}" title="happened {} UTC">{}</time><span class="channel">{}</span>
                <div><strong>{}</strong> <span class="muted">{} · message <code>{}</code> · happened {}</span>{}</div></li>""",
                e.receivedAt().toString(), CustomerScreens.time(e.timestamp()), CustomerScreens.time(e.receivedAt()), e.type().wireName(), name, who,
                e.messageId(), CustomerScreens.time(e.timestamp()),
                payload ? Html.of("<details><summary>Payload</summary><pre>{}</pre></details>",
                        json.length() > PAYLOAD_CHARS ? json.substring(0, PAYLOAD_CHARS) + "…" : json) : Html.EMPTY);
    }

    /** A view of a source's events shows many people's data: audited, once per account and source in {@link #AUDIT_EVERY}. */
    private void auditOnce(Pages.Request r, Source s) {
        Instant now = clock.instant();
        String key = r.staff().account().id() + "\u0000" + s.id();
        Instant last = audited.get(key);
        if (last == null || !last.plus(AUDIT_EVERY).isAfter(now)) {
            if (audited.size() > 10_000) {
                audited.clear();
            }
            audited.put(key, now);
            audit.record(r, "view source events", s.id());
        }
    }

    /** The key, once: this answer is not stored by the browser (no-store), and the list shows secret keys no more. */
    private HttpReply issued(Pages.Request r, Source s, String title, String note) {
        return layout.page(title, r.staff(), "/sources", Html.of("""
                <section class="panel"><h1>{}</h1><p>{} <span class="muted">({}, brand {})</span></p>
                <p>Write key — copy it now, it is not shown again{}:</p><p><code class="key" id="write-key">{}</code></p>{}{}
                <p><a class="button" href="/sources/{}/events">Watch its events</a> <a class="button" href="/sources">Back to sources</a></p></section>""",
                title, s.name(), s.kind().wireName(), s.brand(), s.kind().clientSide() ? " in full for server-side sources; web and app keys are public anyway" : "",
                s.writeKey(), note == null ? Html.EMPTY : Html.of("<p>{}</p>", note), s.kind() == SourceKind.WEB ? snippet(r, s.writeKey()) : Html.EMPTY, s.id()));
    }

    /** The analytics.js snippet pointed at this server, for a web source's site. */
    static Html snippet(Pages.Request r, String writeKey) {
        boolean https = r.call().secure();
        String host = r.call().header("Host") == null ? "localhost:8080" : r.call().header("Host");
        String protocol = https ? "https" : "http";
        return Html.of("""
                <h2 id="s-install">Install on the site</h2><p>Load analytics.js (from npm, <code>@segment/analytics-next</code>) and point it at Kith:</p>
                <pre class="snippet"><code>import { AnalyticsBrowser } from '@segment/analytics-next'
                export const analytics = AnalyticsBrowser.load(
                  { writeKey: '{}', cdnSettings: { integrations: { 'Segment.io': { apiHost: '{}/v1', protocol: '{}' } } } },
                  { integrations: { 'Segment.io': { apiHost: '{}/v1', protocol: '{}' } } })
                analytics.page()</code></pre>""", writeKey, host, protocol, host, protocol);
    }

    static Duration overlap() {
        return SourceRegistry.DEFAULT_ROTATION_OVERLAP;
    }
}
