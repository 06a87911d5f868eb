package io.kith.server;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Duration;

/**
 * A refusal that names when the client may try again: {@link Problems} answers it with a {@code Retry-After}
 * header of that many whole seconds (at least one) instead of the server-wide default.
 */
public final class RetryLater extends KithException {
    private final Duration after;

    public RetryLater(ErrorCode code, String message, Duration after) {
        super(code, message);
        this.after = after;
    }

    /** Whole seconds, rounded up and at least 1: {@code Retry-After: 0} would invite an immediate retry storm. */
    public long retryAfterSeconds() {
        long seconds = after.toSeconds() + (after.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
