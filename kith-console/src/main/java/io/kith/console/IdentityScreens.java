package io.kith.console;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.ProbableLinks;
import io.kith.profile.api.IdentityRebuild;
import io.kith.profile.api.ProfileRoutes;
import io.kith.server.HttpReply;
import io.kith.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Evidence against a merge, for the people who decide: the identifier values that behave like shared ones (a family
 * e-mail, a shop's card: many first names or birthdays behind one value, found by the last matching run), each with a
 * button that saves the rule that stops it linking by itself or removes it again, and the contested links — profiles
 * such a rule keeps apart, or that resolution would not join through a shareable value because their names and birth
 * dates clearly disagree, scored with what their traits say. The same lists and rules as
 * {@code /api/v1/identity/shared-identifiers} and {@code /contested-links}; a rule is an identity override, applied by
 * a rebuild whose progress the next page shows. Values are personal data: shown as the account's role allows.
 */
final class IdentityScreens {
    private final Layout layout;
    private final Store store;
    private final IdentityProjection identity;
    private final ProfileRoutes.OverridesChanges overrides;
    private final Supplier<List<ProbableLinks.SharedIdentifier>> shared;
    private final Supplier<List<ProbableLinks.ContestedLink>> contested;
    private final StaffAudit audit;
    private final Clock clock;

    IdentityScreens(Layout layout, Store store, IdentityProjection identity, ProfileRoutes.OverridesChanges overrides,
                    Supplier<List<ProbableLinks.SharedIdentifier>> shared, Supplier<List<ProbableLinks.ContestedLink>> contested, StaffAudit audit, Clock clock) {
        this.layout = layout;
        this.store = store;
        this.identity = identity;
        this.overrides = overrides;
        this.shared = shared;
        this.contested = contested;
        this.audit = audit;
        this.clock = clock;
    }

    void register(Pages pages) {
        pages.get("/identity", Permission.SPLIT_MERGE, this::page);
        pages.post("/identity/shared/block", Permission.SPLIT_MERGE, r -> rule(r, true));
        pages.post("/identity/shared/unblock", Permission.SPLIT_MERGE, r -> rule(r, false));
    }

    private HttpReply page(Pages.Request r) {
        Staff staff = r.staff();
        if (!staff.brands().allBrands()) {
            return layout.page("Identity", staff, "/identity", Html.of("""
                    <h1>Identity</h1><section class="panel"><p class="muted">Shared identifiers and contested links span every brand: they are
                    shown to accounts of every brand.</p></section>"""));
        }
        IdentityOverrides rules = identity.overrides();
        java.util.Set<Identifier> blocked = rules.unlinked();
        List<ProbableLinks.SharedIdentifier> values = shared.get();
        Html sharedTable = values.isEmpty() ? Html.of("<p class=\"empty\">The last matching run found no identifier value shared by different people.</p>")
                : Html.of("""
                <table><thead><tr><th scope="col">Identifier</th><th scope="col">First names</th><th scope="col">Birthdays</th>
                <th scope="col">People who disagree</th><th scope="col">Events</th><th scope="col">Rule</th></tr></thead><tbody>{}</tbody></table>""",
                Html.each(values, v -> {
                    Identifier id = new Identifier(v.type(), v.value());
                    boolean isBlocked = blocked.contains(id);
                    return Html.of("<tr><td>{} <code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                                    + "<td class=\"num\">{}</td><td>{} {}</td></tr>",
                            v.type().replace('_', ' '), Masking.shown(staff, v.type(), v.value()), v.firstNames(), v.birthdays(), v.people(),
                            String.format(Locale.ROOT, "%,d", v.events()), ruleState(rules, id), ruleForm(staff, v.type(), v.value(), isBlocked));
                }));
        List<Identifier> blockedOnly = blocked.stream().filter(b -> values.stream().noneMatch(v -> v.type().equals(b.type()) && v.value().equals(b.value())))
                .sorted().toList();
        Html blockedTable = blockedOnly.isEmpty() ? Html.EMPTY : Html.of("""
                <h3>Other values that link nothing by themselves</h3><ul>{}</ul>""",
                Html.each(blockedOnly, b -> Html.of("<li>{} <code>{}</code> {} {}</li>", b.type().replace('_', ' '), Masking.shown(staff, b.type(), b.value()),
                        ruleState(rules, b), ruleForm(staff, b.type(), b.value(), true))));
        List<ProbableLinks.ContestedLink> pairs = contested.get().stream().filter(c -> live(c.profileA()) && live(c.profileB())).toList();
        Html contestedTable = pairs.isEmpty() ? Html.of("<p class=\"empty\">No contested links: no rule or evidence keeps profiles apart that a value joined.</p>")
                : Html.of("""
                <table><thead><tr><th scope="col">Profiles</th><th scope="col">Joined by</th><th scope="col">Probability</th>
                <th scope="col">For</th><th scope="col">Against</th></tr></thead><tbody>{}</tbody></table>""",
                Html.each(pairs, c -> Html.of("<tr><td><a href=\"/customers/{}\">{}</a> and <a href=\"/customers/{}\">{}</a></td><td>{} <code>{}</code></td>"
                                + "<td>{}</td><td>{}</td><td>{}</td></tr>",
                        c.profileA(), name(c.profileA()), c.profileB(), name(c.profileB()), c.identifierType().replace('_', ' '),
                        Masking.shown(staff, c.identifierType(), c.identifierValue()), String.format(Locale.ROOT, "%.0f %%", c.probability() * 100),
                        evidence(c.evidence(), true), evidence(c.evidence(), false))));
        return layout.page("Identity", staff, "/identity", Html.of("""
                <h1>Identity</h1>
                <section class="panel wide" aria-labelledby="i-shared"><h2 id="i-shared">Shared identifiers</h2>
                <p class="muted">Values that came with many different first names or birthdays in the last matching run: a family e-mail, a shop's
                house card, a placeholder phone. Left alone, such a value joins everyone who gives it. "Stop linking" saves a rule (an identity
                override, applied by a rebuild) under which the value joins no one by itself; the profiles it joined come apart and are listed
                below as contested. Kith writes that rule itself for a value behind people whose first names and birth dates clearly disagree
                (a couple's e-mail). "Link again" removes the rule and is remembered: Kith does not stop that value again.</p>{}{}</section>
                <section class="panel wide" aria-labelledby="i-contested"><h2 id="i-contested">Contested links</h2>
                <p class="muted">Profiles that a blocked value joined, and profiles that a shared e-mail, phone or card would have joined had
                their first names and birth dates not clearly disagreed, kept apart; each pair scored by what the two say of themselves: a
                low probability is the evidence that they are two people.</p>{}</section>""", sharedTable, blockedTable, contestedTable));
    }

    /** Who decided the value's rule: Kith (learned, with its reason), an admin, or an admin who let it link again. */
    private static Html ruleState(IdentityOverrides rules, Identifier id) {
        if (rules.isUnlinked(id)) {
            return rules.learnedFor(id).map(l -> Html.of("<span class=\"muted\" data-rule=\"learned\">Stopped by Kith: {}.</span>", l.reason()))
                    .orElse(Html.of("<span class=\"muted\" data-rule=\"admin\">Stopped by an admin.</span>"));
        }
        return rules.isAllowed(id) ? Html.of("<span class=\"muted\" data-rule=\"allowed\">Allowed to link by an admin.</span>") : Html.EMPTY;
    }

    private static Html ruleForm(Staff staff, String type, String value, boolean blocked) {
        if (!Masking.shown(staff, type, value).equals(value)) {
            return Html.of("<span class=\"muted\">{}</span>", blocked ? "blocked (an admin can lift it)" : "an admin can block it");
        }
        return Html.of("""
                <form method="post" action="/identity/shared/{}" class="inline">{}<input type="hidden" name="type" value="{}">\
                <input type="hidden" name="value" value="{}"><button type="submit"{}>{}</button></form>""",
                blocked ? "unblock" : "block", Layout.csrf(staff), type, value, blocked ? Html.EMPTY : Html.of(" class=\"danger\""),
                blocked ? "Link again" : "Stop linking");
    }

    private static String evidence(List<ProbableLinks.Evidence> evidence, boolean positive) {
        return String.join(", ", evidence.stream().filter(e -> positive ? e.weight() > 0 : e.weight() < 0).map(e -> e.comparison() + " " + e.level()).toList());
    }

    private boolean live(String profileId) {
        return identity.read(g -> g.profile(profileId)).map(p -> p.id().equals(profileId)).orElse(false);
    }

    private Html name(String profileId) {
        return identity.read(g -> g.profile(profileId)).map(CustomerScreens::name).orElse(Html.text(profileId));
    }

    private HttpReply rule(Pages.Request r, boolean block) {
        Staff staff = r.staff();
        if (!staff.brands().allBrands()) {
            throw Pages.notFound("shared identifiers span every brand");
        }
        if (overrides == null) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.CONFLICT, "this server does not change identity overrides");
        }
        String type = r.form().text("type");
        String value = r.form().text("value").strip();
        if (!Identifier.isTypeName(type) || value.isEmpty()) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_ARGUMENT, "choose an identifier value");
        }
        Identifier id = new Identifier(type, value);
        if (!block && !identity.overrides().unlinked().contains(id)) {
            throw Pages.notFound("no rule blocks this value");
        }
        // "Link again" is kept as the admin's allowance: Kith does not stop the value again by itself
        UnaryOperator<IdentityOverrides> change = current -> block ? current.withUnlinked(id) : current.allowedToLink(id);
        IdentityRebuild rebuild = overrides.submit(change);
        // the audit names the action and the type, never the value (personal data)
        audit.record(r, (block ? "block shared " : "unblock shared ") + type, "");
        return Pages.redirect("/rebuilds/" + rebuild.id());
    }
}
