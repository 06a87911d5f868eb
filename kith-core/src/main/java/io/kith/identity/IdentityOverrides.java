package io.kith.identity;

import java.util.List;
import java.util.Set;

/**
 * Corrections an operator made to identity resolution, which are inputs of it like the rules: pairs of
 * identifiers declared to be different people (never in one profile), and identifiers unlinked (they never link
 * anything). Applying them means resolving the log again with them, which is what makes an un-merge exact: the
 * profiles become what they would have been had the bad link never existed.
 */
public record IdentityOverrides(List<Pair> distinct, Set<Identifier> unlinked) {
    public static final IdentityOverrides NONE = new IdentityOverrides(List.of(), Set.of());

    /** Two identifiers that must never share a profile. */
    public record Pair(Identifier a, Identifier b) {
    }

    public IdentityOverrides {
        distinct = List.copyOf(distinct);
        unlinked = Set.copyOf(unlinked);
    }

    public boolean isUnlinked(Identifier id) {
        return !unlinked.isEmpty() && unlinked.contains(id);
    }

    public IdentityOverrides withDistinct(Identifier a, Identifier b) {
        List<Pair> more = new java.util.ArrayList<>(distinct);
        more.add(new Pair(a, b));
        return new IdentityOverrides(more, unlinked);
    }

    public IdentityOverrides withUnlinked(Identifier id) {
        java.util.Set<Identifier> more = new java.util.HashSet<>(unlinked);
        more.add(id);
        return new IdentityOverrides(distinct, more);
    }
}
