package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.access.BrandScope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.staff.StaffRole;
import io.kith.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final InMemoryStaffStore store = new InMemoryStaffStore();
    private final Passwords passwords = new Passwords(1024, 1, 1);
    private final Sessions sessions = new Sessions(store, passwords, new LoginThrottle(clock, Duration.ofMinutes(15), 3, 100), clock,
            new ConsoleSettings(Duration.ofHours(8), Duration.ofMinutes(30)));
    private final StaffAccounts accounts = new StaffAccounts(store, passwords, clock);

    @Test
    void signingInOpensASessionWhoseTokenIsNotStored() {
        accounts.create("Ann", StaffRole.SERVICE_AGENT, new BrandScope(Set.of("northwind")), "a good long password");
        Sessions.Opened opened = sessions.signIn("ann", "a good long password", "10.0.0.1");
        assertThat(opened.token()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(store.sessions).doesNotContainKey(opened.token()).containsKey(Sessions.hash(opened.token()));
        Staff staff = sessions.resolve(opened.token()).orElseThrow();
        assertThat(staff.account().username()).isEqualTo("ann");
        assertThat(staff.brands().brands()).containsExactly("northwind");
        assertThat(staff.csrf()).isNotBlank().isNotEqualTo(opened.token());
        assertThat(sessions.resolve(opened.token() + "x")).isEmpty();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndAreThrottled() {
        accounts.create("ann", StaffRole.ADMIN, BrandScope.ALL, "a good long password");
        assertThatThrownBy(() -> sessions.signIn("ann", "wrong", "10.0.0.1")).hasMessage("wrong user name or password");
        assertThatThrownBy(() -> sessions.signIn("nobody", "wrong", "10.0.0.1")).hasMessage("wrong user name or password");
        assertThatThrownBy(() -> sessions.signIn("ann", "wrong", "10.0.0.2")).isInstanceOf(KithException.class);
        assertThatThrownBy(() -> sessions.signIn("ann", "wrong", "10.0.0.3")).isInstanceOf(KithException.class);
        // the right password does not help while the account is throttled
        assertThatThrownBy(() -> sessions.signIn("ann", "a good long password", "10.0.0.4"))
                .isInstanceOfSatisfying(KithException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        clock.advance(Duration.ofMinutes(16));
        assertThat(sessions.signIn("ann", "a good long password", "10.0.0.4").token()).isNotBlank();
    }

    @Test
    void aSessionEndsAtItsLifetimeAtSignOutAndWhenThePasswordChanges() {
        accounts.create("ann", StaffRole.ADMIN, BrandScope.ALL, "a good long password");
        String t1 = sessions.signIn("ann", "a good long password", "10.0.0.1").token();
        for (int i = 0; i < 23; i++) { // busy all along: 7 h 40 min
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.resolve(t1)).as("after %d min", 20 * (i + 1)).isPresent();
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.resolve(t1)).isEmpty();

        String t2 = sessions.signIn("ann", "a good long password", "10.0.0.1").token();
        sessions.signOut(sessions.resolve(t2).orElseThrow());
        assertThat(sessions.resolve(t2)).isEmpty();

        String t3 = sessions.signIn("ann", "a good long password", "10.0.0.1").token();
        accounts.changePassword(sessions.resolve(t3).orElseThrow().account(), "a good long password", "another long password");
        assertThat(sessions.resolve(t3)).isEmpty();
        assertThatThrownBy(() -> sessions.signIn("ann", "a good long password", "10.0.0.1")).isInstanceOf(KithException.class);
        assertThat(sessions.signIn("ann", "another long password", "10.0.0.1").token()).isNotBlank();
    }

    @Test
    void aSessionEndsAfterItsIdleTimeoutWithoutARequest() {
        accounts.create("ann", StaffRole.ADMIN, BrandScope.ALL, "a good long password");
        String t = sessions.signIn("ann", "a good long password", "10.0.0.1").token();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.resolve(t)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.resolve(t)).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.resolve(t)).isEmpty();
        assertThat(store.deleteExpiredSessions(clock.instant())).isEqualTo(1);
    }

    @Test
    void requestsInQuickSuccessionDoNotWriteTheSessionEachTime() {
        accounts.create("ann", StaffRole.ADMIN, BrandScope.ALL, "a good long password");
        String t = sessions.signIn("ann", "a good long password", "10.0.0.1").token();
        Instant end = store.sessions.get(Sessions.hash(t)).expiresAt();
        clock.advance(Duration.ofSeconds(30));
        sessions.resolve(t);
        assertThat(store.sessions.get(Sessions.hash(t)).expiresAt()).isEqualTo(end);
        clock.advance(Duration.ofSeconds(31));
        sessions.resolve(t);
        assertThat(store.sessions.get(Sessions.hash(t)).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }

    /** Whatever the pauses between requests: alive while each pause is under the idle timeout (less the minute a write may lag) and the lifetime lasts. */
    @net.jqwik.api.Property(tries = 200)
    void aSessionLivesWhileItIsUsedAndItsLifetimeLasts(@net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(max = 40)
                                                       java.util.List<@net.jqwik.api.constraints.IntRange(min = 1, max = 2400) Integer> pausesInSeconds) {
        TestClock c = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));
        InMemoryStaffStore st = new InMemoryStaffStore();
        Sessions ss = new Sessions(st, passwords, new LoginThrottle(c, Duration.ofMinutes(15), 3, 100), c,
                new ConsoleSettings(Duration.ofHours(2), Duration.ofMinutes(30)));
        new StaffAccounts(st, passwords, c).create("ann", StaffRole.ADMIN, BrandScope.ALL, "a good long password");
        String t = ss.open(st.byUsername("ann").orElseThrow()).token();
        long elapsed = 0;
        boolean alive = true;
        for (int pause : pausesInSeconds) {
            c.advance(Duration.ofSeconds(pause));
            elapsed += pause;
            boolean got = ss.resolve(t).isPresent();
            if (!alive || pause >= 1800 || elapsed >= 7200) {
                alive = false;
                assertThat(got).as("ended: pause %d s at %d s", pause, elapsed).isFalse();
            } else if (pause < 1800 - 60) {
                assertThat(got).as("alive: pause %d s at %d s", pause, elapsed).isTrue();
            } else {
                alive = got; // within the minute a write may lag: either
            }
        }
    }

    @Test
    void settingsHaveTheirDefaultsAndRefuseAnIdleTimeoutLongerThanTheLifetime() {
        assertThat(ConsoleSettings.fromEnvironment(java.util.Map.of())).isEqualTo(new ConsoleSettings(Duration.ofHours(8), Duration.ofMinutes(30)));
        assertThat(ConsoleSettings.fromEnvironment(java.util.Map.of("KITH_CONSOLE_IDLE_MINUTES", "5")).idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ConsoleSettings.fromEnvironment(java.util.Map.of("KITH_CONSOLE_IDLE_MINUTES", "600"))).isInstanceOf(KithException.class);
        assertThatThrownBy(() -> ConsoleSettings.fromEnvironment(java.util.Map.of("KITH_CONSOLE_IDLE_MINUTES", "ten"))).hasMessageContaining("ten");
        assertThatThrownBy(() -> new ConsoleSettings(Duration.ofHours(1), Duration.ZERO)).isInstanceOf(KithException.class);
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteStrictAndSecureOverTls() {
        assertThat(sessions.cookie("tok", false)).isEqualTo("kith_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800");
        assertThat(sessions.cookie("tok", true)).endsWith("; Secure");
        assertThat(sessions.cookie(null, false)).contains("Max-Age=0");
        assertThat(Sessions.cookieValue("a=1; kith_session=xyz; b=2", "kith_session")).isEqualTo("xyz");
        assertThat(Sessions.cookieValue("kith_session_other=1", "kith_session")).isNull();
    }

    @Test
    void onlyTheSessionsOwnCsrfTokenMatches() {
        accounts.create("ann", StaffRole.ADMIN, BrandScope.ALL, "a good long password");
        Staff staff = sessions.resolve(sessions.signIn("ann", "a good long password", "10.0.0.1").token()).orElseThrow();
        Staff other = sessions.resolve(sessions.signIn("ann", "a good long password", "10.0.0.1").token()).orElseThrow();
        assertThat(Sessions.csrfMatches(staff, staff.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(staff, other.csrf())).isFalse();
        assertThat(Sessions.csrfMatches(staff, null)).isFalse();
        assertThat(Sessions.csrfMatches(staff, "")).isFalse();
    }

    @Test
    void bootstrapMakesOneLoginPerRoleOnceAndABrandLimitedOne() {
        var logins = accounts.bootstrap(true, java.util.List.of("Northwind", "Contoso"));
        assertThat(logins).extracting(StaffAccounts.Login::username).containsExactly("admin", "marketer", "agent", "store", "agent-northwind");
        assertThat(logins.get(4).brands().brands()).containsExactly("Northwind");
        assertThat(sessions.signIn("store", logins.get(3).password(), "10.0.0.1").staff().account().role()).isEqualTo(StaffRole.STORE_STAFF);
        assertThat(accounts.bootstrap(true, java.util.List.of())).isEmpty();
    }

    @Test
    void theNextPageAfterSignInStaysOnThisSite() {
        assertThat(AccountScreens.safeNext("/customers/p_1")).isEqualTo("/customers/p_1");
        assertThat(AccountScreens.safeNext("//evil.example")).isEqualTo("/");
        assertThat(AccountScreens.safeNext("https://evil.example")).isEqualTo("/");
        assertThat(AccountScreens.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(AccountScreens.safeNext(null)).isEqualTo("/");
    }
}
