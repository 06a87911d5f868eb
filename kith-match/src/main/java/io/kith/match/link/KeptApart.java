package io.kith.match.link;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pairs of identifiers an operator said are different people (rejected probable links and {@code distinct}
 * overrides), asked of two profiles: the matcher does not propose a pair of profiles that one of them keeps apart.
 */
public final class KeptApart {
    public static final KeptApart NONE = new KeptApart(List.of());

    private final Map<Identifier, List<Identifier>> partners = new HashMap<>();

    public KeptApart(List<IdentityOverrides.Pair> pairs) {
        for (IdentityOverrides.Pair p : pairs) {
            partners.computeIfAbsent(p.a(), k -> new ArrayList<>(1)).add(p.b());
            partners.computeIfAbsent(p.b(), k -> new ArrayList<>(1)).add(p.a());
        }
    }

    /** Whether one profile holds one identifier of a pair and the other profile its partner. */
    public boolean test(Profile a, Profile b) {
        if (partners.isEmpty()) {
            return false;
        }
        for (ProfileIdentifier i : a.identifiers()) {
            List<Identifier> others = partners.get(new Identifier(i.type(), i.value()));
            if (others == null) {
                continue;
            }
            for (ProfileIdentifier j : b.identifiers()) {
                if (others.contains(new Identifier(j.type(), j.value()))) {
                    return true;
                }
            }
        }
        return false;
    }
}
