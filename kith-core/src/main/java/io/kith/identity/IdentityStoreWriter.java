package io.kith.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps an {@link IdentityStore} in step with an {@link IdentityProjection}: each {@link #flush()} writes the
 * profiles that changed since the last one, with the merges that removed others. A background job calls it; so does
 * shutdown. Not for concurrent use.
 */
public final class IdentityStoreWriter {
    /** Profiles read from the graph per read lock and written per store transaction. */
    static final int CHUNK = 2_000;

    private final IdentityProjection identity;
    private final IdentityStore store;

    public IdentityStoreWriter(IdentityProjection identity, IdentityStore store) {
        this.identity = identity;
        this.store = store;
    }

    /** Writes what changed; returns the number of profiles written. */
    public int flush() {
        IdentityProjection.Changes c = identity.drainChanges();
        long stored = store.appliedSequence();
        if (c.clearFirst()) {
            store.clear();
            stored = 0;
        }
        if (c.profileIds().isEmpty() && c.toSequence() <= stored) {
            return 0;
        }
        // A merge in this window removes the absorbed profile, which may have had no event of its own since.
        long windowFrom = stored;
        List<String> ids = c.profileIds();
        int written = 0;
        for (int from = 0; from < ids.size() || from == 0; from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Map<String, String> mergedInto = new HashMap<>();
            List<IdentityStore.StoredProfile> changed = identity.read(g -> snapshots(g, chunk, windowFrom, mergedInto));
            store.apply(changed, mergedInto, c.toSequence());
            written += changed.size();
        }
        return written;
    }

    private static List<IdentityStore.StoredProfile> snapshots(IdentityGraph g, List<String> ids, long windowFrom, Map<String, String> mergedInto) {
        Set<String> survivors = new LinkedHashSet<>();
        for (String id : ids) {
            g.canonical(id).ifPresent(survivor -> {
                survivors.add(survivor);
                if (!survivor.equals(id)) {
                    mergedInto.put(id, survivor);
                }
            });
        }
        List<IdentityStore.StoredProfile> out = new ArrayList<>(survivors.size());
        for (String id : survivors) {
            g.profile(id).ifPresent(p -> {
                List<Decision> decisions = g.explain(id);
                for (Decision d : decisions) {
                    if (d instanceof Decision.Merged m && m.sequence() >= windowFrom) {
                        mergedInto.put(m.absorbed(), id);
                    }
                }
                out.add(new IdentityStore.StoredProfile(p, decisions));
            });
        }
        mergedInto.keySet().removeAll(survivors);
        return out;
    }
}
