package io.kith.console;

import io.kith.server.HttpReply;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceRegistry;
import java.time.Duration;
import java.util.Arrays;

/**
 * Sources and their write keys (admins): the list, a new source (its key shown once), a key rotation (the new key shown
 * once, the old one working on for a day), and the snippet that installs analytics.js on a web source's site.
 */
final class SourceScreens {
    private final Layout layout;
    private final SourceRegistry sources;

    SourceScreens(Layout layout, SourceRegistry sources) {
        this.layout = layout;
        this.sources = sources;
    }

    void register(Pages pages) {
        pages.get("/sources", Permission.SOURCES, this::list);
        pages.post("/sources", Permission.SOURCES, this::create);
        pages.post("/sources/{id}/rotate", Permission.SOURCES, this::rotate);
    }

    private HttpReply list(Pages.Request r) {
        return layout.page("Sources", r.staff(), "/sources", Html.of("""
                <h1>Sources and keys</h1>
                <table><thead><tr><th scope="col">Source</th><th scope="col">Brand</th><th scope="col">Kind</th><th scope="col">Write key</th><th scope="col"></th></tr></thead>
                <tbody>{}</tbody></table>
                <section class="panel"><h2>New source</h2><form method="post" action="/sources" class="fields">{}
                <label for="s-name">Name</label><input id="s-name" name="name" required maxlength="200">
                <label for="s-brand">Brand</label><input id="s-brand" name="brand" required maxlength="100">
                <label for="s-kind">Kind</label><select id="s-kind" name="kind">{}</select>
                <label for="s-region">Default phone region <span class="muted">(two letters, optional)</span></label><input id="s-region" name="region" maxlength="2">
                <button type="submit" class="primary">Create source</button></form></section>""",
                Html.each(sources.all(), s -> Html.of("""
                        <tr><td>{}<div class="muted"><code>{}</code></div></td><td>{}</td><td>{}</td><td>{}</td><td><form method="post" action="/sources/{}/rotate">{}
                        <button type="submit" class="danger" aria-label="Rotate the write key of {}">Rotate key</button></form></td></tr>""",
                        s.name(), s.id(), s.brand(), s.kind().wireName(), s.writeKeyShown() ? Html.of("<code>{}</code>", s.writeKey())
                                : Html.of("<span class=\"muted\">secret (shown once)</span>"), s.id(), Layout.csrf(r.staff()), s.name())),
                Layout.csrf(r.staff()), Html.each(Arrays.asList(SourceKind.values()), k -> Html.of("<option value=\"{}\">{}</option>", k.wireName(),
                        k.wireName().replace('_', ' ')))));
    }

    private HttpReply create(Pages.Request r) {
        Source s = sources.create(new NewSource(r.form().text("name"), r.form().text("brand"), SourceKind.parse(r.form().text("kind")), r.form().text("region")));
        return issued(r, s, "Source created", null);
    }

    private HttpReply rotate(Pages.Request r) {
        SourceRegistry.Rotation rotation = sources.rotate(r.call().pathParam("id"), SourceRegistry.DEFAULT_ROTATION_OVERLAP);
        return issued(r, rotation.source(), "Write key rotated", "The previous key works until " + CustomerScreens.time(rotation.previousValidUntil()) + " UTC.");
    }

    /** The key, once: this answer is not stored by the browser (no-store), and the list shows secret keys no more. */
    private HttpReply issued(Pages.Request r, Source s, String title, String note) {
        String base = (r.call().secure() ? "https://" : "http://") + (r.call().header("Host") == null ? "localhost:8080" : r.call().header("Host"));
        Html snippet = s.kind() == SourceKind.WEB ? Html.of("""
                <h2>Install on the site</h2><p>Load analytics.js (from npm, <code>@segment/analytics-next</code>) and point it at Kith:</p>
                <pre class="snippet"><code>import { AnalyticsBrowser } from '@segment/analytics-next'
                export const analytics = AnalyticsBrowser.load(
                  { writeKey: '{}', cdnSettings: { integrations: { 'Segment.io': { apiHost: '{}/v1', protocol: '{}' } } } },
                  { integrations: { 'Segment.io': { apiHost: '{}/v1', protocol: '{}' } } })
                analytics.page()</code></pre>""", s.writeKey(), base.replaceFirst("^https?://", ""), base.startsWith("https") ? "https" : "http",
                base.replaceFirst("^https?://", ""), base.startsWith("https") ? "https" : "http") : Html.EMPTY;
        return layout.page(title, r.staff(), "/sources", Html.of("""
                <section class="panel"><h1>{}</h1><p>{} <span class="muted">({}, brand {})</span></p>
                <p>Write key — copy it now, it is not shown again{}:</p><p><code class="key" id="write-key">{}</code></p>{}{}
                <p><a class="button" href="/sources">Back to sources</a></p></section>""",
                title, s.name(), s.kind().wireName(), s.brand(), s.kind().clientSide() ? " in full for server-side sources; web and app keys are public anyway" : "",
                s.writeKey(), note == null ? Html.EMPTY : Html.of("<p>{}</p>", note), snippet));
    }

    static Duration overlap() {
        return SourceRegistry.DEFAULT_ROTATION_OVERLAP;
    }
}
