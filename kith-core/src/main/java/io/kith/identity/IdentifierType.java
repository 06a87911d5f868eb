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
 */
public record IdentifierType(String name, IdentifierClass kind, int priority, int maxPerProfile, Duration window) {
}
