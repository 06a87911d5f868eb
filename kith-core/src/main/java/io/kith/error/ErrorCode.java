package io.kith.error;

/** A stable, documented code for every failure Kith reports; the code names it in logs, APIs and quarantine rows. */
public enum ErrorCode {
    INVALID_JSON(ErrorKind.USER_ERROR),
    INVALID_EVENT(ErrorKind.USER_ERROR),
    EVENT_TOO_LARGE(ErrorKind.USER_ERROR),
    BATCH_TOO_LARGE(ErrorKind.USER_ERROR),
    INVALID_ARGUMENT(ErrorKind.USER_ERROR),
    INVALID_CONFIG(ErrorKind.USER_ERROR),
    INVALID_MAPPING(ErrorKind.USER_ERROR),
    /** The body's {@code Content-Encoding} is one Kith does not decode. */
    UNSUPPORTED_ENCODING(ErrorKind.USER_ERROR),
    /** The body is not what its {@code Content-Encoding} says (a broken gzip stream). */
    INVALID_ENCODING(ErrorKind.USER_ERROR),
    UNKNOWN_WRITE_KEY(ErrorKind.UNAUTHORIZED),
    UNAUTHENTICATED(ErrorKind.UNAUTHORIZED),
    FORBIDDEN(ErrorKind.UNAUTHORIZED),
    OVERLOADED(ErrorKind.RESOURCE_EXHAUSTED),
    /** A write key sent more requests than its rate limit allows. */
    RATE_LIMITED(ErrorKind.RESOURCE_EXHAUSTED),
    /** The event log's disk is nearly full; new events wait until space is freed. */
    STORAGE_FULL(ErrorKind.RESOURCE_EXHAUSTED),
    NOT_FOUND(ErrorKind.NOT_FOUND),
    CONFLICT(ErrorKind.USER_ERROR),
    STORAGE_FAILURE(ErrorKind.INTERNAL),
    /** A log record the store could not take, set aside by the projector so that the records after it go on. */
    PROJECTION_FAILED(ErrorKind.INTERNAL),
    INTERNAL(ErrorKind.INTERNAL);

    private final ErrorKind kind;

    ErrorCode(ErrorKind kind) {
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
