package io.kith.identity;

import java.time.Duration;

/**
 * The rules of one identifier type.
 *
 * @param name         e.g. {@code email}
 * @param kind         permanent, associated or anonymous
 * @param priority     when an event would break a limit, its identifier with the lowest priority is dropped first
 * @param maxPerProfile how many values of this type one profile may hold (0: no limit)
 * @param window       when set, {@code maxPerProfile} counts only values first linked within this window before the
 *                     event (in event time), e.g. 5 anonymous ids per 7 days
 * @param normalization how values are brought to one spelling before matching (a custom {@code work_email} type can
 *                     be read as an email)
 * @param shareable     a value of this type may be shared by people (a family e-mail, a shop's house loyalty card, a
 *                     recycled phone number): a link through it alone is refused as {@link RefusalRule#CONTESTED} when
 *                     the names and birth dates on the two sides clearly disagree ({@link Disagreement}); false: a link
 *                     through it is a deterministic fact that no evidence overrules (a login). {@code "shareable"} in the
 *                     rules; absent is false, so rules saved before the flag existed resolve as they did
 */
public record IdentifierType(String name, IdentifierClass kind, int priority, int maxPerProfile, Duration window,
                             Normalization normalization, boolean shareable) {
    /** How the values of a type are brought to one spelling: see {@link Normalizer}. */
    public enum Normalization {
        /** Trimmed, lower-cased, a {@code mailto:} prefix dropped. */
        EMAIL,
        /** E.164, read with the source's default region when the number has no country code. */
        PHONE,
        /** Trimmed and lower-cased (codes that are not case-sensitive). */
        LOWER_CASE,
        /** Trimmed only: ids whose case matters. */
        TRIM;

        /** What a type of this name gets when its configuration says nothing: {@code email} and {@code phone} as such. */
        static Normalization byDefault(String typeName) {
            return switch (typeName) {
                case "email" -> EMAIL;
                case "phone" -> PHONE;
                default -> TRIM;
            };
        }
    }
}
