package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityProjection;
import io.kith.profile.api.ProfileRoutes;
import io.kith.search.ProfileSearch;
import io.kith.segment.SegmentEngine;
import io.kith.server.HttpReply;
import io.kith.server.Router;
import io.kith.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Kith's web console, served at {@code /} beside the API: server-rendered pages for staff and marketers (customer
 * lookup, the single customer view, segments, the dashboard, sources and keys, staff accounts and the audit log), one
 * stylesheet and one small script, no build step. Register it with {@code KithServer.Builder.pages}.
 */
public final class Console implements Consumer<Router> {
    /** What the console reads and changes. */
    /**
     * @param privacyRequested wakes the worker that carries out privacy requests (one was just filed)
     * @param models           the models run in this process, whose explanations the customer view shows; null where none run
     * @param followers        where the work that follows the log stands (the dashboard says when its figures trail on purpose)
     */
    public record Parts(Store store, IdentityProjection identity, ProfileSearch search, SegmentEngine segments,
                        ProfileRoutes.OverridesChanges overrides, Set<String> identifierTypes, Runnable privacyRequested,
                        io.kith.prediction.ModelJobs models, SharedValues shared, io.kith.audit.AuditTrail audit,
                        java.util.function.Supplier<io.kith.projection.FollowerState> followers) {
    }

    /**
     * What the last matching run found against merges: the identifier values that behave like shared ones and the
     * profiles a rule keeps apart (both empty where this process does not run the matcher).
     */
    public record SharedValues(java.util.function.Supplier<java.util.List<io.kith.identity.ProbableLinks.SharedIdentifier>> identifiers,
                               java.util.function.Supplier<java.util.List<io.kith.identity.ProbableLinks.ContestedLink>> contested) {
        public static final SharedValues NONE = new SharedValues(java.util.List::of, java.util.List::of);
    }

    private final Parts parts;
    private final Clock clock;
    private final Passwords passwords;
    private final Sessions sessions;

    public Console(Parts parts, Passwords passwords, Clock clock) {
        this(parts, passwords, clock, ConsoleSettings.DEFAULTS);
    }

    public Console(Parts parts, Passwords passwords, Clock clock, ConsoleSettings settings) {
        this.parts = parts;
        this.clock = clock;
        this.passwords = passwords;
        this.sessions = new Sessions(parts.store().staff(), passwords, LoginThrottle.standard(clock), clock, settings);
    }

    /** The accounts of this console, for bootstrapping its first logins. */
    public StaffAccounts accounts() {
        return new StaffAccounts(parts.store().staff(), passwords, clock);
    }

    @Override
    public void accept(Router router) {
        Layout layout = new Layout();
        Pages pages = new Pages(router, sessions, layout);
        Store store = parts.store();
        StaffAudit audit = new StaffAudit(parts.audit(), clock);
        new AccountScreens(layout, sessions, accounts(), store.staff(), store.audit(), audit,
                () -> store.sources().all().stream().map(io.kith.source.Source::brand).collect(java.util.stream.Collectors.toSet())).register(pages);
        new CustomerScreens(layout, parts.identity(), store, parts.search(), parts.overrides(), parts.models(), audit, clock).register(pages);
        new SegmentScreens(layout, store, parts.segments(), parts.identity(), parts.identifierTypes(), audit, clock).register(pages);
        new IdentityScreens(layout, store, parts.identity(), parts.overrides(), parts.shared().identifiers(), parts.shared().contested(), audit, clock)
                .register(pages);
        new DashboardScreen(layout, store, parts.identity(),
                () -> parts.segments() == null ? java.util.Optional.empty() : parts.segments().lastRfm(), parts.followers(), clock).register(pages);
        new SourceScreens(layout, store.sources(), store.activity(), store.events(), audit, clock).register(pages);
        new PrivacyScreens(layout, store, parts.identity(), parts.identifierTypes(), parts.privacyRequested(), audit, clock).register(pages);
        for (Map.Entry<String, String> f : Map.of("console.css", "text/css; charset=utf-8", "console.js", "text/javascript; charset=utf-8").entrySet()) {
            byte[] body = resource(f.getKey());
            pages.open("GET", "/static/" + f.getKey(), call -> new HttpReply(200, f.getValue(), Map.of("Cache-Control", "public, max-age=3600"), body));
        }
        store.staff().deleteExpiredSessions(clock.instant());
    }

    private static byte[] resource(String name) {
        try (InputStream in = Console.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new KithException(ErrorCode.INTERNAL, "static/" + name + " is missing from the kith-console jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot read static/" + name + ": " + e.getMessage(), e);
        }
    }
}
