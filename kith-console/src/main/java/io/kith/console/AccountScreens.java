package io.kith.console;

import io.kith.access.BrandScope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.HttpReply;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Signing in and out, one's own password, and for admins the staff accounts (create one, change its role and brands)
 * and the audit log of profile views.
 */
final class AccountScreens {
    private static final String LOGIN_CSRF = "kith_login";

    private final Layout layout;
    private final Sessions sessions;
    private final StaffAccounts accounts;
    private final StaffStore store;
    /** The whole audit log (API calls and Kith's jobs beside staff actions), read on the audit page. */
    private final io.kith.audit.AuditLog auditLog;
    private final StaffAudit staffAudit;
    /** The brands Kith knows (those of its sources): an account limited to another brand would see nothing. */
    private final java.util.function.Supplier<java.util.Set<String>> knownBrands;

    AccountScreens(Layout layout, Sessions sessions, StaffAccounts accounts, StaffStore store, io.kith.audit.AuditLog auditLog, StaffAudit staffAudit,
                   java.util.function.Supplier<java.util.Set<String>> knownBrands) {
        this.layout = layout;
        this.knownBrands = knownBrands;
        this.sessions = sessions;
        this.accounts = accounts;
        this.store = store;
        this.auditLog = auditLog;
        this.staffAudit = staffAudit;
    }

    void register(Pages pages) {
        pages.open("GET", "/login", call -> loginForm(call, null, 200));
        pages.open("POST", "/login", this::login);
        pages.post("/logout", Permission.SIGNED_IN, this::logout);
        pages.get("/", Permission.SIGNED_IN, r -> Pages.redirect(r.staff().can(Permission.DASHBOARD) ? "/dashboard" : "/lookup"));
        pages.get("/account", Permission.SIGNED_IN, r -> account(r, null));
        pages.post("/account/password", Permission.SIGNED_IN, this::changePassword);
        pages.get("/accounts", Permission.ACCOUNTS, r -> accountsPage(r, null));
        pages.post("/accounts", Permission.ACCOUNTS, this::create);
        pages.post("/accounts/{id}/role", Permission.ACCOUNTS, this::changeRole);
        pages.get("/audit", Permission.ACCOUNTS, this::audit);
    }

    /**
     * The sign-in form. Before a session there is no session token to tie a CSRF token to, so the form carries a random
     * value that must equal a SameSite=Strict cookie set with it (a double-submit token).
     */
    private HttpReply loginForm(io.kith.server.HttpCall call, String problem, int status) {
        String token = Sessions.random();
        String next = safeNext(call.query("next"));
        Html main = Html.of("""
                <section class="panel login"><h1>Sign in to Kith</h1>{}
                <form method="post" action="/login"><input type="hidden" name="_login" value="{}"><input type="hidden" name="next" value="{}">
                <label for="username">User name</label><input id="username" name="username" autocomplete="username" required autofocus maxlength="64">
                <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
                <button type="submit" class="primary">Sign in</button></form></section>""",
                problem == null ? Html.EMPTY : Html.of("<p class=\"error\" role=\"alert\">{}</p>", problem), token, next);
        return Pages.html(status, layout.document("Sign in", null, "", main, Html.EMPTY))
                .withHeader("Set-Cookie", LOGIN_CSRF + "=" + token + "; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600" + (call.secure() ? "; Secure" : ""));
    }

    private HttpReply login(io.kith.server.HttpCall call) {
        Form form = Form.read(call);
        String cookie = Sessions.cookieValue(call.header("Cookie"), LOGIN_CSRF);
        String submitted = form.get("_login");
        if (cookie == null || submitted == null || !java.security.MessageDigest.isEqual(cookie.getBytes(), submitted.getBytes())) {
            return loginForm(call, "The sign-in form expired; try again.", 403);
        }
        try {
            Sessions.Opened opened = sessions.signIn(form.text("username"), form.text("password"), call.remoteAddress());
            return Pages.redirect(safeNext(form.get("next"))).withHeader("Set-Cookie", sessions.cookie(opened.token(), call.secure()));
        } catch (KithException e) {
            if (e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.UNAUTHENTICATED) {
                return loginForm(call, e.getMessage(), e.code() == ErrorCode.RATE_LIMITED ? 429 : 401);
            }
            throw e;
        }
    }

    /** Only a path of this site: never an absolute or protocol-relative URL (no open redirect). */
    static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") && !next.contains("\n") ? next : "/";
    }

    private HttpReply logout(Pages.Request r) {
        sessions.signOut(r.staff());
        return Pages.redirect("/login").withHeader("Set-Cookie", sessions.cookie(null, r.call().secure()));
    }

    private HttpReply account(Pages.Request r, Html message) {
        StaffAccount a = r.staff().account();
        return layout.page("Your account", r.staff(), "", Html.of("""
                <section class="panel"><h1>Your account</h1>{}<p>{} · {} · password changed {}</p>
                <h2>Change your password</h2><form method="post" action="/account/password" class="fields">{}
                <label for="current">Current password</label><input id="current" name="current" type="password" autocomplete="current-password" required>
                <label for="next">New password <span class="muted">(at least {} characters)</span></label>
                <input id="next" name="next" type="password" autocomplete="new-password" required minlength="{}">
                <button type="submit" class="primary">Change password</button></form></section>""",
                message == null ? Html.EMPTY : message, a.username(), Layout.roleName(r.staff()), CustomerScreens.time(a.passwordChangedAt()),
                Layout.csrf(r.staff()), Passwords.MIN_LENGTH, Passwords.MIN_LENGTH));
    }

    private HttpReply changePassword(Pages.Request r) {
        try {
            StaffAccount changed = accounts.changePassword(r.staff().account(), r.form().text("current"), r.form().text("next"));
            Sessions.Opened opened = sessions.open(changed); // every other session of the account ended
            staffAudit.record(r, "change own password", changed.id());
            return Pages.redirect("/account?changed=1").withHeader("Set-Cookie", sessions.cookie(opened.token(), r.call().secure()));
        } catch (KithException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            return account(r, Html.of("<p class=\"error\" role=\"alert\">{}</p>", e.getMessage()));
        }
    }

    private HttpReply accountsPage(Pages.Request r, Html message) {
        Html roles = Html.each(Arrays.asList(StaffRole.values()), x -> Html.of("<option value=\"{}\">{}</option>", x.wire(), x.wire().replace('_', ' ')));
        return layout.page("Accounts", r.staff(), "/accounts", Html.of("""
                <h1>Staff accounts</h1>{}
                <table><thead><tr><th scope="col">User</th><th scope="col">Role and brands</th><th scope="col">Created</th><th scope="col">Change</th></tr></thead><tbody>{}</tbody></table>
                <section class="panel"><h2>New account</h2><form method="post" action="/accounts" class="fields">{}
                <label for="a-user">User name</label><input id="a-user" name="username" required maxlength="64" pattern="[a-z0-9][a-z0-9._@-]+">
                <label for="a-role">Role</label><select id="a-role" name="role">{}</select>
                <label for="a-brands">Brands <span class="muted">(comma-separated; empty for every brand)</span></label><input id="a-brands" name="brands" maxlength="500">
                <label for="a-pass">First password <span class="muted">(at least {} characters; they change it)</span></label>
                <input id="a-pass" name="password" type="password" autocomplete="new-password" required minlength="{}">
                <button type="submit" class="primary">Create account</button></form></section>""",
                message == null ? Html.EMPTY : message,
                Html.each(store.all(), a -> Html.of("""
                        <tr><td>{}</td><td>{} <span class="muted">{}</span></td><td>{}</td><td><form method="post" action="/accounts/{}/role" class="inline">{}
                        <label class="visually-hidden" for="r-{}">Role of {}</label><select id="r-{}" name="role">{}</select>
                        <label class="visually-hidden" for="b-{}">Brands of {}</label><input id="b-{}" name="brands" value="{}" placeholder="every brand" size="14">
                        <button type="submit">Save</button></form></td></tr>""", a.username(), a.role().wire().replace('_', ' '),
                        a.brands().allBrands() ? "every brand" : String.join(", ", new TreeSet<>(a.brands().brands())), CustomerScreens.time(a.createdAt()), a.id(),
                        Layout.csrf(r.staff()), a.id(), a.username(), a.id(), Html.each(Arrays.asList(StaffRole.values()), x -> Html.of("<option value=\"{}\"{}>{}</option>",
                                x.wire(), x == a.role() ? Html.of(" selected") : Html.EMPTY, x.wire().replace('_', ' '))), a.id(), a.username(), a.id(),
                        String.join(",", new TreeSet<>(a.brands().brands())))),
                Layout.csrf(r.staff()), roles, Passwords.MIN_LENGTH, Passwords.MIN_LENGTH));
    }

    private HttpReply create(Pages.Request r) {
        try {
            StaffAccount a = accounts.create(r.form().text("username"), StaffRole.parse(r.form().text("role")), knownBrands(r.form().text("brands")),
                    r.form().text("password"));
            staffAudit.record(r, "create account (" + scopeWords(a) + ")", a.id());
            return accountsPage(r, Html.of("<p class=\"notice\" role=\"status\">Account {} created.</p>", a.username()));
        } catch (KithException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            return accountsPage(r, Html.of("<p class=\"error\" role=\"alert\">{}</p>", e.getMessage()));
        }
    }

    private HttpReply changeRole(Pages.Request r) {
        String id = r.call().pathParam("id");
        if (id.equals(r.staff().account().id())) {
            return accountsPage(r, Html.of("<p class=\"error\" role=\"alert\">An admin may not change their own role.</p>"));
        }
        BrandScope scope;
        try {
            scope = knownBrands(r.form().text("brands"));
        } catch (KithException e) {
            return accountsPage(r, Html.of("<p class=\"error\" role=\"alert\">{}</p>", e.getMessage()));
        }
        StaffAccount a = accounts.changeRole(id, StaffRole.parse(r.form().text("role")), scope);
        staffAudit.record(r, "change role (" + scopeWords(a) + ")", a.id());
        return accountsPage(r, Html.of("<p class=\"notice\" role=\"status\">{} is now {}.</p>", a.username(), a.role().wire().replace('_', ' ')));
    }

    private HttpReply audit(Pages.Request r) {
        Instant before = null;
        try {
            before = r.query("before").isEmpty() ? null : Instant.parse(r.query("before"));
        } catch (java.time.format.DateTimeParseException ignored) {
            // an edited cursor: from the newest
        }
        staffAudit.flush(); // the views that led here are on the page
        List<io.kith.audit.AuditEntry> page = auditLog.list(before, 100);
        return layout.page("Audit log", r.staff(), "/audit", Html.of("""
                <h1>Audit log</h1><p class="muted">Every view of a customer and every change, in the console and through the API, and what
                Kith's jobs did (an erasure carried out): by whom, when (UTC) and from where — never the data itself.</p>
                <table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Which</th>
                <th scope="col">From</th><th scope="col">Status</th></tr></thead><tbody>{}</tbody></table>{}""",
                page.isEmpty() ? Html.of("<tr><td colspan=\"6\" class=\"empty\">Nothing yet.</td></tr>") : Html.each(page, e -> Html.of(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", e.at().toString(), e.actor(), e.action(),
                        e.target().startsWith("p_") ? Html.of("<a href=\"/customers/{}\">{}</a>", e.target(), e.target()) : Html.of("{}", e.target()),
                        e.origin(), e.status() == 0 ? "" : Integer.toString(e.status()))),
                page.size() == 100 ? Html.of("<p><a class=\"button\" href=\"/audit?before={}\">Older</a></p>", page.get(99).at().toString())
                        : Html.EMPTY));
    }

    /** An account's role and brands, for the audit log: "marketer, brands bistro" (no personal data). */
    private static String scopeWords(StaffAccount a) {
        return a.role().wire() + ", " + (a.brands().allBrands() ? "every brand" : "brands " + String.join(" ", new TreeSet<>(a.brands().brands())));
    }

    /** The brands typed in a form, each one Kith knows; a typo is refused, not saved as an account that sees nothing. */
    private BrandScope knownBrands(String text) {
        BrandScope scope = brands(text);
        java.util.Set<String> known = knownBrands.get();
        for (String b : scope.brands()) {
            if (!known.contains(b)) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "no source has the brand \"" + b + "\"; the brands are "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        return scope;
    }

    static BrandScope brands(String text) {
        return new BrandScope(new TreeSet<>(Arrays.stream(text.split(",")).map(String::trim).filter(b -> !b.isEmpty()).toList()));
    }
}
