package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.ErrorKind;
import io.kith.error.KithException;
import io.kith.server.Guard;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.Router;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where console pages are registered and checked, so that no page can forget a check: before any
 * handler runs, the session cookie is resolved (none: to the sign-in page), the page's {@link Permission} is asked of
 * the account's role (403 otherwise), and a state-changing request must carry the session's CSRF token (a form's
 * {@code _csrf} field or an {@code X-CSRF-Token} header). Every answer gets the security headers: a strict
 * Content-Security-Policy (scripts and styles from this site's files only, no inline ones), no framing, no sniffing,
 * no referrer, and {@code no-store} (pages show personal data). Failures become an HTML page here, never a stack trace.
 */
final class Pages {
    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin");

    /** A page's handler, called once the checks passed, with the staff member it serves and the form when one was posted. */
    @FunctionalInterface
    interface Handler {
        HttpReply handle(Request request) throws Exception;
    }

    /** One checked request: the call, the signed-in staff member, and the posted form (empty for a GET). */
    record Request(HttpCall call, Staff staff, Form form) {
        String query(String name) {
            String v = call.query(name);
            return v == null ? "" : v.trim();
        }
    }

    private final Router router;
    private final Sessions sessions;
    private final Layout layout;

    Pages(Router router, Sessions sessions, Layout layout) {
        this.router = router;
        this.sessions = sessions;
        this.layout = layout;
        router.browserFallback(call -> secured(layout.error(404, "Not found", "There is no page at this address.",
                sessions.resolve(Sessions.cookieValue(call.header("Cookie"), Sessions.COOKIE)).orElse(null))));
    }

    void get(String pattern, Permission permission, Handler handler) {
        router.add(Router.GET, pattern, Guard.PUBLIC, call -> serve(call, permission, handler, false));
    }

    void post(String pattern, Permission permission, Handler handler) {
        router.add(Router.POST, pattern, Guard.PUBLIC, call -> serve(call, permission, handler, true));
    }

    /** A page anyone may open (sign-in, the stylesheet): no session needed; still the security headers and error pages. */
    void open(String method, String pattern, io.kith.server.Endpoint endpoint) {
        router.add(method, pattern, Guard.PUBLIC, call -> secured(guarded(call, null, () -> endpoint.handle(call))));
    }

    private HttpReply serve(HttpCall call, Permission permission, Handler handler, boolean changes) {
        Optional<Staff> staff = sessions.resolve(Sessions.cookieValue(call.header("Cookie"), Sessions.COOKIE));
        if (staff.isEmpty()) {
            if (changes || "fetch".equals(call.header("X-Requested-With"))) {
                return secured(layout.error(401, "Your session has ended", "Sign in again to go on.", null));
            }
            String back = call.path();
            return secured(redirect("/login?next=" + java.net.URLEncoder.encode(back, StandardCharsets.UTF_8)));
        }
        Staff s = staff.get();
        if (!s.can(permission)) {
            return secured(layout.error(403, "Not for your role", "Your role (" + s.account().role().wire().replace('_', ' ')
                    + ") does not open this page.", s));
        }
        return secured(guarded(call, s, () -> {
            Form form = Form.parse("");
            if (changes) {
                form = Form.read(call);
                String token = call.header("X-CSRF-Token") != null ? call.header("X-CSRF-Token") : form.get("_csrf");
                if (!Sessions.csrfMatches(s, token)) {
                    return layout.error(403, "This form has expired", "Open the page again and resubmit.", s);
                }
            }
            return handler.handle(new Request(call, s, form));
        }));
    }

    private interface Body {
        HttpReply run() throws Exception;
    }

    private HttpReply guarded(HttpCall call, Staff staff, Body body) {
        try {
            return body.run();
        } catch (KithException e) {
            int status = io.kith.server.Problems.status(e.code());
            if (status >= 500) {
                LOG.error("console page failed path={} code={}", call.path(), e.code(), e);
                return layout.error(500, "Something went wrong", "The error was logged; try again.", staff);
            }
            return layout.error(status, e.code().kind() == ErrorKind.NOT_FOUND ? "Not found" : "That did not work", e.getMessage(), staff);
        } catch (Exception e) {
            LOG.error("console page failed path={}", call.path(), e);
            return layout.error(500, "Something went wrong", "The error was logged; try again.", staff);
        }
    }

    static HttpReply secured(HttpReply reply) {
        Map<String, String> h = new LinkedHashMap<>(SECURITY_HEADERS);
        if (!reply.headers().containsKey("Cache-Control")) {
            h.put("Cache-Control", "no-store");
        }
        h.putAll(reply.headers());
        return new HttpReply(reply.status(), reply.contentType(), Map.copyOf(h), reply.body());
    }

    static HttpReply redirect(String location) {
        return new HttpReply(303, null, Map.of("Location", location), new byte[0]);
    }

    static HttpReply html(int status, Html page) {
        return HttpReply.text(status, "text/html; charset=utf-8", page.toString());
    }

    static KithException notFound(String what) {
        return new KithException(ErrorCode.NOT_FOUND, what);
    }
}
