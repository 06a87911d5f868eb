package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityStore;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reads of the identity rows and the rules of a write, written once for both engines; an engine's identity store
 * adds its writes (each engine's bulk path, its writer lock) and its lookup by identifier (each engine's index).
 */
public abstract class JdbcIdentityStore implements IdentityStore {
    private final JdbcStore store;

    protected JdbcIdentityStore(JdbcStore store) {
        this.store = store;
    }

    @Override
    public Optional<StoredProfile> profile(String profileId) {
        return store.profileRows().profile(profileId);
    }

    @Override
    public Optional<String> profileOfEvent(long sequence) {
        return store.eventPeople().profileOf(sequence);
    }

    @Override
    public long assignedEvents() {
        return store.eventPeople().count();
    }

    @Override
    public long count() {
        return store.db.run("count profiles", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM profiles")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Each merged-away id with the live profile it ends up in, following merges within the batch (a into b, b into c
     * gives a into c); refuses a profile given twice, or both changed and merged away, and merges in a circle.
     */
    protected static Map<String, String> survivors(List<StoredProfile> changed, Map<String, String> mergedInto) {
        Set<String> live = new HashSet<>();
        for (StoredProfile p : changed) {
            if (!live.add(p.profile().id())) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "profile " + p.profile().id() + " is given twice");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : mergedInto.entrySet()) {
            String absorbed = m.getKey();
            if (live.contains(absorbed)) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "profile " + absorbed + " is both changed and merged away");
            }
            String survivor = m.getValue();
            for (int hops = 0; mergedInto.containsKey(survivor); hops++) {
                if (hops == mergedInto.size()) {
                    throw new KithException(ErrorCode.INVALID_ARGUMENT, "profile " + absorbed + " is merged in a circle");
                }
                survivor = mergedInto.get(survivor);
            }
            out.put(absorbed, survivor);
        }
        return out;
    }
}
