package io.kith.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single customer view of one person: identifiers, merged traits (each with its source and time), the
 * sources and brands that saw them, first and last seen, and event counts. A snapshot; it does not change.
 *
 * @param mergedFrom ids of profiles merged into this one (they resolve to this one)
 */
public record Profile(
        String id,
        List<ProfileIdentifier> identifiers,
        Map<String, Trait> traits,
        Set<String> sources,
        Set<String> brands,
        Instant firstSeen,
        Instant lastSeen,
        long eventCount,
        Map<String, Long> eventsByType,
        List<String> mergedFrom) {
}
