package io.kith.privacy;

import java.time.Instant;
import java.util.Optional;

/**
 * One privacy request and its record: who asked, what for, how many subject ids, where it stands and what it did.
 * The subject ids themselves are not part of the record: they are kept only while the request is being carried out.
 *
 * @param subjectType {@code USER_ID} or an identifier type ({@code email}, {@code phone}, ...)
 * @param failure     why it failed, when it did (never the subject's data)
 */
public record Regulation(String id, RegulationType type, String subjectType, int subjectCount, RegulationStatus status,
                         String requestedBy, Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                         Optional<ErasureReport> report, Optional<String> failure) {
    /** The largest number of subject ids one request may name (Segment's limit). */
    public static final int MAX_SUBJECTS = 5_000;

    public Regulation {
        startedAt = startedAt == null ? Optional.empty() : startedAt;
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
        report = report == null ? Optional.empty() : report;
        failure = failure == null ? Optional.empty() : failure;
    }

    /** The identifier type the subject ids are of: {@code USER_ID} is Kith's {@code user_id}. */
    public String identifierType() {
        return identifierType(subjectType);
    }

    public static String identifierType(String subjectType) {
        return switch (subjectType) {
            case "USER_ID" -> "user_id";
            case "ANONYMOUS_ID" -> "anonymous_id";
            default -> subjectType.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
