package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.segment.Condition;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentEngine;
import io.kith.segment.SegmentQueries;
import io.kith.segment.SegmentStore;
import io.kith.segment.TemporalClass;
import io.kith.segment.lang.Diagnostic;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.segment.lang.SegmentPrinter;
import io.kith.segment.lang.Vocabulary;
import io.kith.server.HttpReply;
import io.kith.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Segments: the list with sizes and status, the builder (the segment language in a text area, checked as it is typed,
 * with a count and a sample before saving), and a segment's page: size over time, members, versions, CSV export.
 * Definitions span every brand: a brand-limited account reads them and sees only its brands' members.
 */
final class SegmentScreens {
    private static final long VOCABULARY_MILLIS = 30_000;

    private final Layout layout;
    private final Store store;
    private final SegmentEngine engine;
    private final IdentityProjection identity;
    private final Set<String> identifierTypes;
    private final StaffAudit audit;
    private final Clock clock;
    private volatile Vocabulary vocabulary;
    private volatile long vocabularyAt;

    /** @param engine null in a process that does not keep memberships: definitions are read-only there */
    SegmentScreens(Layout layout, Store store, SegmentEngine engine, IdentityProjection identity, Set<String> identifierTypes, StaffAudit audit,
                   Clock clock) {
        this.layout = layout;
        this.audit = audit;
        this.store = store;
        this.engine = engine;
        this.identity = identity;
        this.identifierTypes = Set.copyOf(identifierTypes);
        this.clock = clock;
    }

    void register(Pages pages) {
        pages.get("/segments", Permission.SEGMENTS, this::list);
        pages.get("/segments/new", Permission.SEGMENTS, r -> builder(r, r.query("key"), null, null, Html.EMPTY));
        pages.post("/segments/new", Permission.SEGMENTS, this::submit);
        pages.post("/segments/validate", Permission.SEGMENTS, this::validate);
        pages.get("/segments/{key}", Permission.SEGMENTS, this::segment);
        pages.get("/segments/{key}/members.csv", Permission.SEGMENTS, this::csv);
    }

    private HttpReply list(Pages.Request r) {
        List<SegmentStore.SavedSegment> all = store.segments().all();
        boolean sizes = r.staff().brands().allBrands();
        Html rows = all.isEmpty() ? Html.of("<tr><td colspan=\"5\" class=\"empty\">No segments yet. Build the first one.</td></tr>")
                : Html.each(all, s -> Html.of("<tr><td><a href=\"/segments/{}\">{}</a><div class=\"muted\">{}</div></td><td class=\"num\">{}</td><td>{}</td><td>v{}</td><td>{}</td></tr>",
                s.key(), s.definition().name(), s.key(), sizes ? String.format("%,d", store.segments().size(s.key())) : "—",
                status(s.key()), s.version(), CustomerScreens.time(s.savedAt())));
        return layout.page("Segments", r.staff(), "/segments", Html.of("""
                <div class="heading"><h1>Segments</h1>{}</div>
                <table><thead><tr><th scope="col">Segment</th><th scope="col" class="num">Members</th><th scope="col">Status</th><th scope="col">Version</th>
                <th scope="col">Saved</th></tr></thead><tbody>{}</tbody></table>""",
                engine != null && r.staff().brands().allBrands() ? Html.of("<a class=\"button primary\" href=\"/segments/new\">New segment</a>") : Html.EMPTY, rows));
    }

    private Html status(String key) {
        String s = engine == null ? "ready" : engine.status(key);
        return Html.of("<span class=\"status status-{}\">{}</span>", s.startsWith("failed") ? "failed" : s, s);
    }

    /** The builder, filled from a saved segment (its key) or from what was submitted, with diagnostics or a preview below. */
    private HttpReply builder(Pages.Request r, String key, String name, String text, Html result) {
        String k = key == null ? "" : key;
        String n = name;
        String t = text;
        String description = r.form().text("description");
        if (t == null && !k.isEmpty()) {
            SegmentStore.SavedSegment s = store.segments().latest(k).orElseThrow(() -> Pages.notFound("no segment " + k));
            n = s.definition().name();
            t = SegmentPrinter.print(s.definition().condition());
            description = s.definition().description();
        }
        return layout.page("Segment builder", r.staff(), "/segments", Html.of("""
                <h1>Segment builder</h1>
                <form method="post" action="/segments/new" class="builder" id="builder">{}
                <div class="fields"><label for="key">Key <span class="muted">(a lower-case slug; saving an existing key makes a new version)</span></label>
                <input id="key" name="key" value="{}" required pattern="[a-z0-9][a-z0-9-]*" maxlength="64">
                <label for="name">Name</label><input id="name" name="name" value="{}" maxlength="200">
                <label for="description">Description</label><input id="description" name="description" value="{}" maxlength="500"></div>
                <label for="condition">Condition</label>
                <p class="muted" id="condition-help">For example: <code>count("Order Completed", within 90 days) &gt;= 2 and not performed "Order Completed" within 14 days</code> (see docs/segments.md)</p>
                <textarea id="condition" name="condition" rows="6" spellcheck="false" aria-describedby="condition-help diagnostics" data-validate="/segments/validate" required>{}</textarea>
                <pre class="mirror" id="mirror" aria-hidden="true"></pre>
                <div id="diagnostics" role="status" aria-live="polite"></div>
                <div class="row"><button type="submit" name="action" value="preview">Check and preview</button>
                <button type="submit" name="action" value="save" class="primary">Save</button></div></form>{}""",
                Layout.csrf(r.staff()), k, n == null ? "" : n, description, t == null ? "" : t, result));
    }

    private HttpReply submit(Pages.Request r) {
        String key = r.form().text("key").trim();
        String name = r.form().text("name").trim();
        String text = r.form().text("condition");
        ParseResult parsed = SegmentParser.parse(text, vocabulary());
        if (parsed instanceof ParseResult.Failed f) {
            return builder(r, key, name, text, diagnostics(f.diagnostics(), text));
        }
        Condition c = ((ParseResult.Parsed) parsed).condition();
        if ("save".equals(r.form().get("action"))) {
            if (engine == null) {
                throw new KithException(ErrorCode.CONFLICT, "this server does not keep segments; save on the server that writes profiles");
            }
            if (!r.staff().brands().allBrands()) {
                throw new KithException(ErrorCode.FORBIDDEN, "segments span every brand: an account limited to some brands may only read them");
            }
            SegmentDefinition d;
            try {
                d = new SegmentDefinition(key, name.isEmpty() ? key : name, r.form().text("description"), c);
            } catch (IllegalArgumentException | KithException e) {
                return builder(r, key, name, text, Html.of("<div class=\"panel error\" role=\"alert\">{}</div>", e.getMessage()));
            }
            SegmentStore.SavedSegment saved = engine.save(d);
            audit.record(r, "save segment v" + saved.version(), saved.key());
            return Pages.redirect("/segments/" + saved.key());
        }
        SegmentQueries.Answer a = store.segmentQueries().members(c, clock.instant());
        List<Profile> sample = new ArrayList<>();
        for (String id : a.profileIds()) {
            if (sample.size() == 10) {
                break;
            }
            identity.read(g -> g.profile(id)).filter(p -> r.staff().brands().seesAny(p.brands())).ifPresent(sample::add);
        }
        Html preview = Html.of("""
                <section class="panel preview" aria-labelledby="preview"><h2 id="preview">Preview</h2>
                <p class="count"><strong id="preview-count">{}</strong> customers match now <span class="muted">({} segment)</span></p>
                <p class="muted">Reads as: <code>{}</code></p><ul class="sample">{}</ul></section>""",
                String.format("%,d", a.profileIds().size()), temporal(c).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), SegmentPrinter.print(c),
                Html.each(sample, p -> Html.of("<li><a href=\"/customers/{}\">{}</a> <span class=\"muted\">{}</span></li>", p.id(), CustomerScreens.name(p),
                        CustomerScreens.contacts(r.staff(), p))));
        return builder(r, key, name, text, preview);
    }

    /** The live check the builder's script asks for as the condition is typed: diagnostics with line, column and suggestion. */
    private HttpReply validate(Pages.Request r) {
        String text = r.form().text("condition");
        StringBuilder json = new StringBuilder("{\"ok\":");
        ParseResult parsed = SegmentParser.parse(text, vocabulary());
        if (parsed instanceof ParseResult.Failed f) {
            json.append("false,\"diagnostics\":[");
            for (int i = 0; i < f.diagnostics().size(); i++) {
                Diagnostic d = f.diagnostics().get(i);
                json.append(i == 0 ? "" : ",").append("{\"line\":").append(d.line()).append(",\"column\":").append(d.column())
                        .append(",\"length\":").append(d.length()).append(",\"message\":").append(jsonString(d.message()))
                        .append(",\"suggestion\":").append(d.suggestion() == null ? "null" : jsonString(d.suggestion())).append('}');
            }
            json.append("]}");
        } else {
            json.append("true,\"diagnostics\":[],\"reads\":").append(jsonString(SegmentPrinter.print(((ParseResult.Parsed) parsed).condition()))).append('}');
        }
        return HttpReply.text(200, "application/json", json.toString());
    }

    private static Html diagnostics(List<Diagnostic> ds, String text) {
        String[] lines = text.split("\n", -1);
        return Html.of("<div class=\"panel error\" role=\"alert\"><h2>The condition has {} problem(s)</h2><ul>{}</ul></div>", ds.size(), Html.each(ds, d -> {
            String line = d.line() - 1 < lines.length ? lines[d.line() - 1] : "";
            int from = Math.min(Math.max(0, d.column() - 1), line.length());
            int to = Math.min(line.length(), from + Math.max(1, d.length()));
            return Html.of("<li>Line {}, column {}: {}{}<pre class=\"excerpt\">{}<mark>{}</mark>{}</pre></li>", d.line(), d.column(), d.message(),
                    d.suggestion() == null ? Html.EMPTY : Html.of(" — did you mean <code>{}</code>?", d.suggestion()),
                    line.substring(0, from), from == to ? " " : line.substring(from, to), line.substring(to));
        }));
    }

    private HttpReply segment(Pages.Request r) {
        String key = r.call().pathParam("key");
        SegmentStore.SavedSegment s = store.segments().latest(key).orElseThrow(() -> Pages.notFound("no segment " + key));
        boolean all = r.staff().brands().allBrands();
        String after = r.query("after");
        List<Profile> members = new ArrayList<>();
        String cursor = after.isEmpty() ? null : after;
        String next = null;
        while (members.size() < 50) {
            List<String> read = store.segments().members(key, cursor, 200);
            for (String id : read) {
                cursor = id;
                identity.read(g -> g.profile(id)).filter(p -> r.staff().brands().seesAny(p.brands())).ifPresent(members::add);
                if (members.size() == 50) {
                    next = id;
                    break;
                }
            }
            if (read.size() < 200) {
                break;
            }
        }
        List<SegmentStore.SizePoint> sizes = store.segments().sizeOverTime(key);
        List<SegmentStore.SavedSegment> versions = store.segments().versions(key);
        return layout.page(s.definition().name(), r.staff(), "/segments", Html.of("""
                <div class="heading"><h1>{}</h1><div>{}<a class="button" href="/segments/{}/members.csv" download>Export CSV</a></div></div>
                <p class="muted">{} · {} · version {} saved {}</p><p>{}</p><pre class="condition">{}</pre>
                <section class="panel"><h2>Size over time</h2><p class="count"><strong>{}</strong> members now</p>{}</section>
                <section class="panel"><h2>Members</h2><ul class="members">{}</ul>{}</section>
                <section class="panel"><h2>Versions</h2><ol class="history">{}</ol></section>""",
                s.definition().name(), engine != null && all ? Html.of("<a class=\"button\" href=\"/segments/new?key={}\">Edit</a> ", key) : Html.EMPTY, key,
                key, status(key), s.version(), CustomerScreens.time(s.savedAt()), s.definition().description(), SegmentPrinter.print(s.definition().condition()),
                all ? String.format("%,d", store.segments().size(key)) : "—", all ? Charts.sizes(sizes) : Html.of("<p class=\"muted\">Sizes span every brand.</p>"),
                members.isEmpty() ? Html.of("<li class=\"empty\">No members you can see.</li>") : Html.each(members, p -> Html.of(
                        "<li><a href=\"/customers/{}\">{}</a> <span class=\"muted\">{}</span></li>", p.id(), CustomerScreens.name(p), CustomerScreens.contacts(r.staff(), p))),
                next == null ? Html.EMPTY : Html.of("<p><a class=\"button\" href=\"/segments/{}?after={}\">Next members</a></p>", key, next),
                Html.each(versions.reversed(), v -> Html.of("<li>v{} <span class=\"muted\">{}</span> <code>{}</code></li>", v.version(), CustomerScreens.time(v.savedAt()),
                        SegmentPrinter.print(v.definition().condition())))));
    }

    /** Every member the account may see, with contact points as the role may see them; formulas quoted for spreadsheets. */
    private HttpReply csv(Pages.Request r) {
        String key = r.call().pathParam("key");
        store.segments().latest(key).orElseThrow(() -> Pages.notFound("no segment " + key));
        audit.record(r, "export segment members", key); // many people's contact points: like a customer view, audited
        StringBuilder out = new StringBuilder("profile_id,name,email,phone,first_seen,last_seen\n");
        String cursor = null;
        while (true) {
            List<String> page = store.segments().members(key, cursor, 10_000);
            Map<String, Profile> profiles = identity.read(g -> {
                Map<String, Profile> m = new HashMap<>();
                page.forEach(id -> g.profile(id).ifPresent(p -> m.put(id, p)));
                return m;
            });
            for (String id : page) {
                Profile p = profiles.get(id);
                if (p == null || !r.staff().brands().seesAny(p.brands())) {
                    continue;
                }
                String name = io.kith.profile.DisplayName.of(p);
                out.append(cell(id)).append(',').append(cell(name)).append(',').append(cell(first(r.staff(), p, "email"))).append(',')
                        .append(cell(first(r.staff(), p, "phone"))).append(',').append(p.firstSeen() == null ? "" : p.firstSeen()).append(',')
                        .append(p.lastSeen() == null ? "" : p.lastSeen()).append('\n');
            }
            if (page.size() < 10_000) {
                break;
            }
            cursor = page.get(page.size() - 1);
        }
        return HttpReply.text(200, "text/csv; charset=utf-8", out.toString()).withHeader("Content-Disposition", "attachment; filename=\"" + key + ".csv\"");
    }

    private static String first(Staff staff, Profile p, String type) {
        for (ProfileIdentifier i : p.identifiers()) {
            if (i.type().equals(type)) {
                return Masking.shown(staff, type, i.value());
            }
        }
        return "";
    }

    static String cell(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private TemporalClass temporal(Condition c) {
        return TemporalClass.of(c, k -> store.segments().latest(k).map(s -> temporal(s.definition().condition())).orElse(TemporalClass.STATIC));
    }

    private Vocabulary vocabulary() {
        long now = System.currentTimeMillis();
        Vocabulary v = vocabulary;
        if (v == null || now - vocabularyAt > VOCABULARY_MILLIS) {
            Set<String> keys = new TreeSet<>();
            store.segments().all().forEach(s -> keys.add(s.key()));
            v = Vocabulary.NONE.withEventNames(store.segmentQueries().eventNames(10_000)).withIdentifierTypes(identifierTypes).withSegmentKeys(keys);
            vocabulary = v;
            vocabularyAt = now;
        }
        return v;
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
