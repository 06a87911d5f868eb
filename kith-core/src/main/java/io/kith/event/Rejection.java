package io.kith.event;

import io.kith.error.ErrorCode;

/**
 * Why an event was not accepted: a code, the JSON path of the offending field ("$.batch[3].userId"), and a
 * sentence that says what was expected and what was seen.
 */
public record Rejection(ErrorCode code, String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
