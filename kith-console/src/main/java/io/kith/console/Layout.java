package io.kith.console;

import io.kith.server.HttpReply;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame every console page shares: a skip link, the navigation the staff member's role opens (and nothing else), the
 * account menu with sign-out (a form, with its CSRF token), and the main content. One stylesheet and one small script.
 */
final class Layout {
    private record Link(String href, String label, Permission permission) {
    }

    private static final List<Link> NAV = List.of(
            new Link("/lookup", "Customers", Permission.LOOKUP),
            new Link("/segments", "Segments", Permission.SEGMENTS),
            new Link("/dashboard", "Dashboard", Permission.DASHBOARD),
            new Link("/identity", "Identity", Permission.SPLIT_MERGE),
            new Link("/sources", "Sources", Permission.SOURCES),
            new Link("/accounts", "Accounts", Permission.ACCOUNTS),
            new Link("/privacy", "Privacy", Permission.PRIVACY),
            new Link("/audit", "Audit log", Permission.ACCOUNTS));

    HttpReply page(String title, Staff staff, String active, Html main) {
        return Pages.html(200, document(title, staff, active, main, Html.EMPTY));
    }

    /** A page that reloads itself every second until what it waits for is done (works without the script). */
    HttpReply refreshing(String title, Staff staff, String active, Html main) {
        return Pages.html(200, document(title, staff, active, main, Html.of("<meta http-equiv=\"refresh\" content=\"1\">")));
    }

    HttpReply error(int status, String title, String detail, Staff staff) {
        return Pages.html(status, document(title, staff, "", Html.of("""
                <section class="panel error-page"><h1>{}</h1><p>{}</p><p><a href="{}">Go back to the start</a></p></section>""",
                title, detail, staff == null ? "/login" : "/"), Html.EMPTY));
    }

    Html document(String title, Staff staff, String active, Html main, Html head) {
        List<Html> links = new ArrayList<>();
        if (staff != null) {
            for (Link l : NAV) {
                if (staff.can(l.permission())) {
                    boolean current = l.href().equals(active);
                    links.add(Html.of("<li><a href=\"{}\"{}>{}</a></li>", l.href(), current ? Html.of(" aria-current=\"page\"") : Html.EMPTY, l.label()));
                }
            }
        }
        Html account = staff == null ? Html.EMPTY : Html.of("""
                <div class="account"><a href="/account" title="Your account">{} <span class="role">{}</span></a>
                <form method="post" action="/logout"><input type="hidden" name="_csrf" value="{}"><button type="submit" class="link">Sign out</button></form></div>""",
                staff.account().username(), roleName(staff), staff.csrf());
        return Html.of("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">{}
                <title>{} · Kith</title><link rel="stylesheet" href="/static/console.css"><script src="/static/console.js" defer></script></head>
                <body><a class="skip" href="#main">Skip to content</a>
                <header class="top"><a class="brand" href="/">Kith</a><nav aria-label="Main"><ul>{}</ul></nav>{}</header>
                <main id="main" tabindex="-1">{}</main></body></html>""",
                head, title, Html.join(links), account, main);
    }

    static String roleName(Staff staff) {
        String r = staff.account().role().wire().replace('_', ' ');
        return staff.brands().allBrands() ? r : r + " · " + String.join(", ", new java.util.TreeSet<>(staff.brands().brands()));
    }

    /** The hidden CSRF field every form carries. */
    static Html csrf(Staff staff) {
        return Html.of("<input type=\"hidden\" name=\"_csrf\" value=\"{}\">", staff.csrf());
    }
}
