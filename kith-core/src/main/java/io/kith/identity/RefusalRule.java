package io.kith.identity;

/**
 * The rule behind an identity refusal: what an operator filters, counts and alerts on, beside the sentence that says
 * it for a person. See docs/identity.md for each.
 */
public enum RefusalRule {
    /** The value is not a valid identifier of its type (a phone that is no number, a type name that is not one). */
    INVALID_VALUE,
    /** A placeholder that must not link people ({@code test@test.com}, {@code unknown}, ...): the blocklists. */
    BLOCKED_VALUE,
    /** The source's kind may not link identifiers of this class (the {@code trust} rule). */
    UNTRUSTED_SOURCE,
    /** An operator unlinked this identifier (an override). */
    OVERRIDE_UNLINKED,
    /** The event brought more identifiers than {@code limits.identifiersPerEvent}. */
    EVENT_LIMIT,
    /** A new identifier type past {@code limits.identifierTypes}. */
    TYPE_LIMIT,
    /** A profile would hold more values of the type than {@code maxPerProfile}. */
    LIMIT,
    /** As {@link #LIMIT}, counting the values first linked within the type's {@code window}. */
    WINDOW_LIMIT,
    /** The event reaches a known person only through an anonymous identifier and brings another person's (a shared tablet). */
    SHARED_DEVICE,
    /**
     * The event reaches a profile only through a shareable identifier (a family e-mail) and the names and birth dates on
     * the two sides clearly disagree ({@link Disagreement}): held as a contested link, not merged.
     */
    CONTESTED,
    /** Two identifiers declared different people (an override) would end up together. */
    DISTINCT,
    /** The stored event could not be read for identity. */
    UNREADABLE_EVENT,
    /** A refusal stored before refusals were typed. */
    UNKNOWN
}
