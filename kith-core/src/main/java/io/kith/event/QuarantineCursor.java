package io.kith.event;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;

/** The quarantine's page cursor (an entry's id) said to be wrong the same way by every {@link QuarantineStore}. */
public final class QuarantineCursor {
    private QuarantineCursor() {
    }

    /** The cursor {@code before} names no quarantined event: mistyped, or its entry was removed since (an erasure). */
    public static KithException unknown(String before) {
        return new KithException(ErrorCode.INVALID_ARGUMENT, "'before' must be the 'next' cursor of a previous page; no quarantined event has the id \""
                + before + "\" (start again from the newest)");
    }
}
