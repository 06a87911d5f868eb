package io.kith.error;

/**
 * The one unchecked exception Kith throws for failures it can name. Its message says what was wrong,
 * where, and the value seen; its {@link ErrorCode} decides how the failure is reported (one mapping to HTTP
 * in the server, one to exit codes in the CLI).
 */
public class KithException extends RuntimeException {
    private final ErrorCode code;

    public KithException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public KithException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorKind kind() {
        return code.kind();
    }
}
