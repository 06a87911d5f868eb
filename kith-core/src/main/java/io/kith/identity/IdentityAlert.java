package io.kith.identity;

/**
 * Something identity resolution refused to absorb silently: a profile that reached a limit (two user ids, too
 * many anonymous ids in a week), or one that grew into a giant (a shared device or a placeholder value
 * linking many people).
 */
/**
 * @param identifierType the type of the identifier it is about (null for a giant profile): what logs and metrics may name
 * @param detail         what happened, with the identifiers' values: personal data, for the API's authorised readers only,
 *                       never for logs or metric labels
 */
public record IdentityAlert(Kind kind, String profileId, long sequence, String identifierType, String detail) {
    /** What happened. */
    public enum Kind {
        LIMIT_REACHED, GIANT_PROFILE, DISTINCT_RULE, SHARED_DEVICE,
        /** An identifier value seen with many first names or birth dates: it behaves like a shared one (the matcher's run). */
        SHARED_IDENTIFIER,
        /**
         * A value behind people whose names and birth dates clearly disagree, which Kith stopped linking by itself (a learned
         * {@code unlink} rule; the matcher's run).
         */
        SHARED_VALUE_STOPPED,
        /** A link through a shareable value refused at resolution: the names and birth dates on the two sides clearly disagree. */
        CONTESTED_LINK;

        /** The alert a refusal raises when the event reached a known profile. */
        static Kind of(RefusalRule rule) {
            return switch (rule) {
                case DISTINCT -> DISTINCT_RULE;
                case SHARED_DEVICE -> SHARED_DEVICE;
                case CONTESTED -> CONTESTED_LINK;
                default -> LIMIT_REACHED;
            };
        }
    }
}
