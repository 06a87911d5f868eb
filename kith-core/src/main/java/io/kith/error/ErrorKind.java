package io.kith.error;

/** The broad class of a failure, which decides how callers react to it (HTTP status, retry, quarantine). */
public enum ErrorKind {
    /** The caller sent something wrong; retrying the same input fails again. */
    USER_ERROR,
    /** The caller is not who they claim, or may not do this. */
    UNAUTHORIZED,
    /** A limit or a resource ran out; the same input may succeed later. */
    RESOURCE_EXHAUSTED,
    /** The thing asked for does not exist. */
    NOT_FOUND,
    /** A defect or an environment failure inside Kith. */
    INTERNAL
}
