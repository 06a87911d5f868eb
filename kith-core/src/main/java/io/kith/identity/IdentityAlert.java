package io.kith.identity;

/**
 * Something identity resolution refused to absorb silently: a profile that reached a limit (two user ids, too
 * many anonymous ids in a week), or one that grew into a giant (a shared device or a placeholder value
 * linking many people).
 */
public record IdentityAlert(Kind kind, String profileId, long sequence, String detail) {
    /** What happened. */
    public enum Kind { LIMIT_REACHED, GIANT_PROFILE, DISTINCT_RULE }
}
