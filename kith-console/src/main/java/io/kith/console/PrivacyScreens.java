package io.kith.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.identity.IdentityProjection;
import io.kith.privacy.Regulation;
import io.kith.privacy.RegulationType;
import io.kith.privacy.SubjectAccess;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.server.HttpReply;
import io.kith.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Privacy for admins: the requests and their records (what each removed, in counts), a form to file one (erase,
 * suppress, unsuppress — carried out in the background, as through the API), and on a customer's page a download of
 * everything held about them and a button to erase them. Every action is in the audit log.
 */
final class PrivacyScreens {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addSerializer(java.time.Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

    private final Layout layout;
    private final Store store;
    private final IdentityProjection identity;
    private final Set<String> identifierTypes;
    private final Runnable requested;
    private final StaffAudit staffAudit;
    private final Clock clock;

    PrivacyScreens(Layout layout, Store store, IdentityProjection identity, Set<String> identifierTypes, Runnable requested, StaffAudit staffAudit,
                   Clock clock) {
        this.layout = layout;
        this.store = store;
        this.identity = identity;
        this.identifierTypes = identifierTypes;
        this.requested = requested;
        this.staffAudit = staffAudit;
        this.clock = clock;
    }

    void register(Pages pages) {
        pages.get("/privacy", Permission.PRIVACY, r -> list(r, Html.EMPTY));
        pages.post("/privacy", Permission.PRIVACY, this::file);
        pages.get("/customers/{id}/export.json", Permission.PRIVACY, this::export);
        pages.post("/customers/{id}/erase", Permission.PRIVACY, this::erase);
    }

    /** The privacy panel of a customer's page. */
    static Html panel(Staff staff, Profile p) {
        return Html.of("""
                <section class="panel" aria-labelledby="privacy"><h2 id="privacy">Privacy</h2>
                <p><a class="button" href="/customers/{}/export.json" download>Download everything held (JSON)</a></p>
                <form method="post" action="/customers/{}/erase">{}
                <label><input type="checkbox" name="confirm" value="yes" required> Erase this customer from every store and the event log,
                and keep their identifiers out from now on</label>
                <button type="submit" class="danger">Erase</button></form></section>""", p.id(), p.id(), Layout.csrf(staff));
    }

    private HttpReply list(Pages.Request r, Html notice) {
        List<Regulation> all = store.regulations().list(200);
        Set<String> types = new TreeSet<>(identifierTypes);
        if (!types.contains("user_id")) {
            types.add("USER_ID"); // Segment's name for it, which the API takes too; offered once, not beside user_id
        }
        return layout.page("Privacy", r.staff(), "/privacy", Html.of("""
                <h1>Privacy requests</h1>{}
                <p class="muted">Erasure reaches every store and the event log; suppression keeps a person's identifiers out (as keyed hashes).
                A request's record names the request, never the person.</p>
                <table><thead><tr><th scope="col">Request</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Subjects</th>
                <th scope="col">Filed</th><th scope="col">Finished</th><th scope="col">Removed</th></tr></thead><tbody>{}</tbody></table>
                <section class="panel"><h2>New request</h2><form method="post" action="/privacy" class="fields">{}
                <label for="p-type">Type</label><select id="p-type" name="type">{}</select>
                <label for="p-subject">Subject type</label><select id="p-subject" name="subjectType">{}</select>
                <label for="p-ids">Subject ids <span class="muted">(one a line)</span></label><textarea id="p-ids" name="ids" rows="4" required maxlength="100000"></textarea>
                <button type="submit" class="danger">File the request</button></form></section>""",
                notice,
                all.isEmpty() ? Html.of("<tr><td colspan=\"7\" class=\"empty\">No requests yet.</td></tr>") : Html.each(all, g -> Html.of(
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", g.id(), g.type().name(),
                        g.status().name(), g.subjectCount(), CustomerScreens.time(g.createdAt()),
                        g.finishedAt().map(CustomerScreens::time).orElse(""),
                        g.report().map(x -> x.profiles() + " profiles, " + x.events() + " events, " + x.logRecords() + " log records, "
                                + x.suppressions() + " suppressions").orElse(g.failure().orElse("")))),
                Layout.csrf(r.staff()),
                Html.each(Arrays.asList(RegulationType.values()), t -> Html.of("<option value=\"{}\">{}</option>", t.name(), t.name())),
                Html.each(new ArrayList<>(types), t -> Html.of("<option value=\"{}\">{}</option>", t, t))));
    }

    private HttpReply file(Pages.Request r) {
        RegulationType type = RegulationType.valueOf(r.form().text("type"));
        String subjectType = r.form().text("subjectType");
        if (!subjectType.equals("USER_ID") && !identifierTypes.contains(subjectType)) {
            return list(r, Html.of("<p class=\"error\" role=\"alert\">Unknown subject type.</p>"));
        }
        List<String> ids = Arrays.stream(r.form().text("ids").split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty() || ids.size() > Regulation.MAX_SUBJECTS) {
            return list(r, Html.of("<p class=\"error\" role=\"alert\">Name 1 to {} subject ids.</p>", Regulation.MAX_SUBJECTS));
        }
        Regulation saved = store.regulations().create(type, subjectType, ids, "staff:" + r.staff().account().username(), clock.instant());
        staffAudit.record(r, "privacy " + type.name(), saved.id());
        requested.run();
        return list(r, Html.of("<p class=\"notice\" role=\"status\">Request <code>{}</code> filed; it is carried out in the background.</p>",
                saved.id()));
    }

    private HttpReply export(Pages.Request r) {
        String id = r.call().pathParam("id");
        SubjectAccess.Export e = new SubjectAccess(identity, store.events(), store.values(), store.segments()).export(id, clock.instant())
                .orElseThrow(() -> Pages.notFound("no customer with id " + id));
        staffAudit.record(r, "export", e.profileId());
        try {
            return new HttpReply(200, "application/json", java.util.Map.of("Content-Disposition", "attachment; filename=\"" + e.profileId() + ".json\""),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException("cannot write the export", x);
        }
    }

    /** Erases the customer by their first identifier: the request reaches the whole person it resolves to. */
    private HttpReply erase(Pages.Request r) {
        String id = r.call().pathParam("id");
        Profile p = identity.read(g -> g.canonical(id).flatMap(g::profile)).orElseThrow(() -> Pages.notFound("no customer with id " + id));
        if (!"yes".equals(r.form().text("confirm")) || p.identifiers().isEmpty()) {
            return Pages.redirect("/customers/" + p.id());
        }
        ProfileIdentifier first = p.identifiers().get(0);
        Regulation saved = store.regulations().create(RegulationType.SUPPRESS_WITH_DELETE, first.type(), List.of(first.value()),
                "staff:" + r.staff().account().username(), clock.instant());
        staffAudit.record(r, "privacy SUPPRESS_WITH_DELETE", saved.id());
        requested.run();
        return list(r, Html.of("<p class=\"notice\" role=\"status\">Erasure <code>{}</code> filed; it is carried out in the background.</p>",
                saved.id()));
    }
}
