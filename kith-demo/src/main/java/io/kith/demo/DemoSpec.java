package io.kith.demo;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Instant;

/**
 * What to generate: how many customers, the seed (the same seed gives byte-identical files), and the period
 * their activity covers.
 */
public record DemoSpec(int customers, long seed, Instant from, Instant to) {
    public static final Instant DEFAULT_FROM = Instant.parse("2025-09-01T00:00:00Z");
    public static final Instant DEFAULT_TO = Instant.parse("2025-12-01T00:00:00Z");

    public DemoSpec {
        if (customers < 1) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "--customers must be at least 1, was " + customers);
        }
        if (!from.isBefore(to)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the demo period must start before it ends: " + from + " .. " + to);
        }
    }

    public static DemoSpec of(int customers, long seed) {
        return new DemoSpec(customers, seed, DEFAULT_FROM, DEFAULT_TO);
    }
}
