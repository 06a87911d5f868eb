package io.kith.store;

import io.kith.access.ApiKeyRegistry;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import io.kith.identity.OverridesStore;
import io.kith.source.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Copies everything one store holds into another, empty one, of any engine: sources, API keys (by the hash of their
 * secret), the identity overrides, the events table with its sequences, the quarantine, this process's log position, and
 * the privacy ledger's suppression list and erased-message keys (so that the copy keeps erased people out as well).
 * The profile rows ({@link Store#identity()}) are not copied: they are derived, and Kith writes them on its next start. Because sequences
 * are kept, identity resolved from the copy gives the same profiles with the same ids.
 */
public final class StoreCopy {
    /** What was copied. */
    public record Report(int sources, int apiKeys, long overridesVersion, long events, long quarantined, long appliedSequence) {
    }

    private static final int PAGE = 10_000;

    private StoreCopy() {
    }

    /**
     * @throws io.kith.error.KithException with {@code CONFLICT} when the target already holds events
     */
    public static Report copy(Store from, Store to) {
        if (to.events().countEvents() > 0 || to.quarantine().count() > 0) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.CONFLICT, "the target store " + to.describe()
                    + " is not empty (" + to.events().countEvents() + " events, " + to.quarantine().count() + " quarantined); copy into an empty store");
        }
        List<Source> sources = from.sources().all();
        sources.forEach(to.sources()::put);
        List<ApiKeyRegistry.Hashed> keys = from.apiKeys().hashed();
        keys.forEach(to.apiKeys()::restore);
        OverridesStore.Versioned overrides = from.overrides().current();
        if (overrides.version() > 0) {
            to.overrides().update(none -> overrides.overrides());
        }
        java.util.Map<String, List<String>> byRequest = new java.util.TreeMap<>();
        from.regulations().suppressedBy().forEach((hash, request) -> byRequest.computeIfAbsent(request, r -> new ArrayList<>()).add(hash));
        byRequest.forEach(to.regulations()::suppress);
        to.regulations().eraseMessages("copied", from.regulations().erasedMessages());
        long applied = from.events().appliedSequence();
        List<QuarantinedEvent> quarantined = quarantineOldestFirst(from);
        to.events().restore(List.of(), quarantined, applied);
        long events = 0;
        long next = 0;
        for (List<StoredEvent> page; !(page = from.events().scan(next, PAGE)).isEmpty(); next = page.get(page.size() - 1).sequence() + 1) {
            to.events().restore(page, List.of(), applied);
            events += page.size();
        }
        return new Report(sources.size(), keys.size(), overrides.version(), events, quarantined.size(), applied);
    }

    private static List<QuarantinedEvent> quarantineOldestFirst(Store from) {
        List<QuarantinedEvent> all = new ArrayList<>();
        String before = null;
        for (List<QuarantinedEvent> page; !(page = from.quarantine().list(null, before, PAGE)).isEmpty(); before = page.get(page.size() - 1).id()) {
            all.addAll(page);
        }
        Collections.reverse(all);
        return all;
    }
}
