package io.kith.console;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Duration;
import java.util.Map;

/**
 * The console's settings, loaded once where Kith is put together.
 *
 * @param sessionLifetime how long a session lasts at most, however busy ({@code KITH_CONSOLE_SESSION_HOURS}, hours, default 8)
 * @param idleTimeout     how long a session lasts without a request: each page opened moves its end on
 *                        ({@code KITH_CONSOLE_IDLE_MINUTES}, minutes, default 30; at most the lifetime)
 */
public record ConsoleSettings(Duration sessionLifetime, Duration idleTimeout) {
    public static final ConsoleSettings DEFAULTS = new ConsoleSettings(Duration.ofHours(8), Duration.ofMinutes(30));

    public ConsoleSettings {
        if (sessionLifetime.isNegative() || sessionLifetime.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "console session times must be positive, were " + sessionLifetime + " and " + idleTimeout);
        }
        if (idleTimeout.compareTo(sessionLifetime) > 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the console's idle timeout (" + idleTimeout.toMinutes()
                    + " min) must not exceed the session lifetime (" + sessionLifetime.toMinutes() + " min)");
        }
    }

    /** The settings the environment gives, the defaults where a variable is not set. */
    public static ConsoleSettings fromEnvironment(Map<String, String> env) {
        return new ConsoleSettings(Duration.ofHours(number(env, "KITH_CONSOLE_SESSION_HOURS", DEFAULTS.sessionLifetime.toHours())),
                Duration.ofMinutes(number(env, "KITH_CONSOLE_IDLE_MINUTES", DEFAULTS.idleTimeout.toMinutes())));
    }

    private static long number(Map<String, String> env, String name, long otherwise) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, name + " must be a whole number, was \"" + v + "\"");
        }
    }
}
