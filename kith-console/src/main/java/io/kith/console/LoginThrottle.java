package io.kith.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows password guessing: after {@code perAccount} failed sign-ins to one user name, or {@code perAddress} from one
 * client address, within the window, further tries are refused until the oldest failure leaves the window. A success
 * clears the account's failures. Counts in this process's memory (a restart forgets them). Thread-safe.
 */
public final class LoginThrottle {
    private final Clock clock;
    private final Duration window;
    private final int perAccount;
    private final int perAddress;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, Duration window, int perAccount, int perAddress) {
        this.clock = clock;
        this.window = window;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
    }

    /** Five failures per account or 30 per address in 15 minutes. */
    public static LoginThrottle standard(Clock clock) {
        return new LoginThrottle(clock, Duration.ofMinutes(15), 5, 30);
    }

    /** How long until a try for this account from this address is allowed; zero when it is now. */
    public synchronized Duration wait(String username, String address) {
        Instant now = clock.instant();
        Duration a = waitFor("u:" + username, perAccount, now);
        Duration b = waitFor("a:" + address, perAddress, now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        failures.computeIfAbsent("u:" + username, k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent("a:" + address, k -> new ArrayDeque<>()).addLast(now);
        if (failures.size() > 100_000) {
            failures.values().removeIf(d -> d.isEmpty() || d.peekLast().isBefore(now.minus(window)));
        }
    }

    public synchronized void succeeded(String username) {
        failures.remove("u:" + username);
    }

    private Duration waitFor(String key, int limit, Instant now) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return Duration.ZERO;
        }
        while (!d.isEmpty() && !d.peekFirst().isAfter(now.minus(window))) {
            d.removeFirst();
        }
        if (d.isEmpty()) {
            failures.remove(key);
            return Duration.ZERO;
        }
        return d.size() < limit ? Duration.ZERO : Duration.between(now, d.peekFirst().plus(window));
    }
}
