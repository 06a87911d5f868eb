package io.kith.cli;

import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.identity.ProbableLinks;
import io.kith.match.link.ProfileLinker;
import io.kith.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evidence against a merge, held up: the pairs of profiles that a blocked shared value joined (see {@link #find}).
 */
final class ContestedLinks {
    /** At most this many profiles per blocked value are compared pairwise. */
    private static final int CONTESTED_PER_VALUE = 20;

    private ContestedLinks() {
    }

    /**
     * The contested links: the profiles whose events carried a value an {@code unlink} rule now stops (identity recorded the
     * refusal, rule {@code OVERRIDE_UNLINKED}), taken two by two per value and scored with the last run's model, so that
     * the evidence that split them is shown. Derived from the graph and the rules: computed again after each run and rebuild.
     */
    static List<ProbableLinks.ContestedLink> find(IdentityProjection identity, io.kith.match.link.LiveIndex model, Instant now, int pageSize) {
        java.util.Set<io.kith.identity.Identifier> blocked = identity.overrides().unlinked();
        if (blocked.isEmpty()) {
            return List.of();
        }
        Map<io.kith.identity.Identifier, List<Profile>> by = new java.util.LinkedHashMap<>();
        long after = -1;
        while (true) {
            long from = after;
            List<String> ids = identity.read(g -> {
                List<String> page = g.profileIds(from, pageSize);
                for (String id : page) {
                    for (io.kith.identity.Decision d : g.explain(id)) {
                        if (d instanceof io.kith.identity.Decision.Refused r && r.rule() == io.kith.identity.RefusalRule.OVERRIDE_UNLINKED
                                && blocked.contains(r.identifier())) {
                            List<Profile> holders = by.computeIfAbsent(r.identifier(), k -> new ArrayList<>());
                            if (holders.size() < CONTESTED_PER_VALUE && holders.stream().noneMatch(h -> h.id().equals(id))) {
                                g.profile(id).ifPresent(holders::add);
                            }
                        }
                    }
                }
                return page;
            });
            if (ids.size() < pageSize) {
                break;
            }
            after = IdentityGraph.createdSequence(ids.getLast());
        }
        List<ProbableLinks.ContestedLink> out = new ArrayList<>();
        by.forEach((value, holders) -> {
            for (int i = 0; i < holders.size(); i++) {
                for (int j = i + 1; j < holders.size(); j++) {
                    Profile a = holders.get(i);
                    Profile b = holders.get(j);
                    ProbableLinks.Link l = model.pair(a.id(), ProfileLinker.record(a), b.id(), ProfileLinker.record(b), now);
                    out.add(new ProbableLinks.ContestedLink(l.profileA(), l.profileB(), value.type(), value.value(), l.probability(), l.weight(),
                            l.evidence()));
                }
            }
        });
        return List.copyOf(out);
    }
}
