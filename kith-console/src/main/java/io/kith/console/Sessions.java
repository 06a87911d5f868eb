package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffSession;
import io.kith.staff.StaffStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Signing in and out of the console. A session is 32 random bytes in an HttpOnly, SameSite=Strict cookie (Secure over
 * TLS); the store keeps their SHA-256 with the account, the session's CSRF token and its end, so that a copy of the
 * database opens no session. A session ends after its idle timeout without a request (each request moves that end on,
 * written at most once a minute) and at its lifetime whatever happens. A password check runs for an unknown user name
 * too, so that the answer's time does not tell which names exist. Thread-safe.
 */
public final class Sessions {
    public static final String COOKIE = "kith_session";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final StaffStore store;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration idle;
    /** A session's end is written again only when it would move by this much: not one write per page. */
    private final Duration touch;
    private final String dummyHash;

    public Sessions(StaffStore store, Passwords passwords, LoginThrottle throttle, Clock clock, ConsoleSettings settings) {
        this.store = store;
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
        this.lifetime = settings.sessionLifetime();
        this.idle = settings.idleTimeout();
        this.touch = Duration.ofMinutes(1).compareTo(idle.dividedBy(10)) < 0 ? Duration.ofMinutes(1) : idle.dividedBy(10);
        this.dummyHash = passwords.hash(Passwords.generate());
    }

    /** A session just opened: the token for the cookie (never stored) and the session as stored. */
    public record Opened(String token, Staff staff) {
    }

    /**
     * Signs in.
     *
     * @throws KithException {@code RATE_LIMITED} while the account or address is throttled; {@code UNAUTHENTICATED} for a
     *                       wrong user name or password (the same message for both)
     */
    public Opened signIn(String username, String password, String address) {
        String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        Duration wait = throttle.wait(name, address);
        if (!wait.isZero()) {
            throw new KithException(ErrorCode.RATE_LIMITED, "too many failed sign-ins; try again in " + Math.max(1, wait.toMinutes() + 1) + " minute(s)");
        }
        Optional<StaffAccount> account = name.isEmpty() ? Optional.empty() : store.byUsername(name);
        boolean ok = passwords.verify(password == null ? "" : password, account.map(StaffAccount::passwordHash).orElse(dummyHash));
        if (account.isEmpty() || !ok) {
            throttle.failed(name, address);
            throw new KithException(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
        }
        throttle.succeeded(name);
        return open(account.get());
    }

    /** Opens a session for an account already authenticated (sign-in, a password just changed). */
    public Opened open(StaffAccount account) {
        String token = random();
        Instant now = clock.instant();
        StaffSession s = new StaffSession(hash(token), account.id(), random(), now, now.plus(idle));
        store.saveSession(s);
        return new Opened(token, new Staff(account, s));
    }

    /** The staff member a session cookie's token belongs to, while the session lasts. */
    public Optional<Staff> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Optional<StaffSession> s = store.session(hash(token));
        Instant now = clock.instant();
        if (s.isEmpty() || !s.get().expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        Instant end = s.get().createdAt().plus(lifetime);
        if (!end.isAfter(now)) {
            return Optional.empty();
        }
        Instant idleEnd = now.plus(idle).isBefore(end) ? now.plus(idle) : end;
        StaffSession session = s.get();
        // Written at most once a minute, except the last step to the lifetime's end: skipped when under a minute, it left
        // a session in use to end up to a minute before its lifetime (SessionsTest's property found it in CI).
        boolean last = idleEnd.equals(end) && session.expiresAt().isBefore(end);
        if (last || Duration.between(session.expiresAt(), idleEnd).compareTo(touch) >= 0) {
            store.extendSession(session.tokenHash(), idleEnd);
            session = new StaffSession(session.tokenHash(), session.accountId(), session.csrfToken(), session.createdAt(), idleEnd);
        }
        StaffSession current = session;
        return store.byId(current.accountId()).map(a -> new Staff(a, current));
    }

    public void signOut(Staff staff) {
        store.deleteSession(staff.session().tokenHash());
    }

    /** Whether a submitted CSRF token is the session's; constant-time. */
    public static boolean csrfMatches(Staff staff, String submitted) {
        return submitted != null && MessageDigest.isEqual(submitted.getBytes(StandardCharsets.UTF_8),
                staff.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Set-Cookie} value that carries a session token (or ends it, for null). */
    public String cookie(String token, boolean secure) {
        return COOKIE + "=" + (token == null ? "" : token) + "; Path=/; HttpOnly; SameSite=Strict"
                + (token == null ? "; Max-Age=0" : "; Max-Age=" + lifetime.toSeconds()) + (secure ? "; Secure" : "");
    }

    /** A cookie's value from a {@code Cookie} header, or null. */
    public static String cookieValue(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
