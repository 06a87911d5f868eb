package io.kith.identity;

/**
 * One recorded decision of identity resolution, as {@code explain} returns it: why an identifier is on a
 * profile, why two profiles became one, or why a link was refused.
 */
public sealed interface Decision {
    /** Log sequence of the event that caused the decision. */
    long sequence();

    /** {@code identifier} joined the profile with {@code event}; it came together with {@code anchor} (null when it started the profile). */
    record Linked(long sequence, Identifier identifier, Identifier anchor) implements Decision {
    }

    /** Profile {@code absorbed} was merged into this one because the event carried {@code via} (on the absorbed profile) and {@code with} (on this one). */
    record Merged(long sequence, String absorbed, Identifier via, Identifier with) implements Decision {
    }

    /** The event's {@code identifier} was not linked, under {@code rule}, for {@code reason} (the rule said for a person). */
    record Refused(long sequence, Identifier identifier, RefusalRule rule, String reason) implements Decision {
    }
}
