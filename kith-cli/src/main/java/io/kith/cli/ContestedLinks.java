package io.kith.cli;

import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.identity.ProbableLinks;
import io.kith.identity.RefusalRule;
import io.kith.match.link.ProfileLinker;
import io.kith.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evidence against a merge, held up: the pairs of profiles that a blocked shared value joined, and those resolution kept
 * apart itself (see {@link #find}).
 */
final class ContestedLinks {
    /** At most this many profiles per blocked value are compared pairwise. */
    private static final int CONTESTED_PER_VALUE = 20;

    private ContestedLinks() {
    }

    /**
     * The contested links: the profiles whose events carried a value an {@code unlink} rule now stops (identity recorded the
     * refusal, rule {@code OVERRIDE_UNLINKED}), taken two by two per value; and each profile that resolution kept from the
     * profile holding a shareable value because their names and birth dates clearly disagree (rule {@code CONTESTED}),
     * paired with that holder. Each pair is scored with the last run's model, so that the evidence that split them is
     * shown. Derived from the graph and the rules: computed again after each run and rebuild, and when a profile scored
     * incrementally has a new contested refusal.
     */
    static List<ProbableLinks.ContestedLink> find(IdentityProjection identity, io.kith.match.link.LiveIndex model, Instant now, int pageSize) {
        Set<Identifier> blocked = identity.overrides().unlinked();
        Map<Identifier, List<Profile>> unlinked = blocked.isEmpty() ? Map.of() : unlinked(identity, blocked, pageSize);
        List<ProbableLinks.ContestedLink> out = new ArrayList<>();
        unlinked.forEach((value, holders) -> {
            for (int i = 0; i < holders.size(); i++) {
                for (int j = i + 1; j < holders.size(); j++) {
                    out.add(scored(model, holders.get(i), holders.get(j), value, now));
                }
            }
        });
        for (Held h : held(identity, blocked)) {
            out.add(scored(model, h.holder(), h.kept(), h.value(), now));
        }
        return List.copyOf(out);
    }

    /** A profile kept from the holder of a shareable value at resolution ({@code CONTESTED}). */
    private record Held(Identifier value, Profile holder, Profile kept) {
    }

    /**
     * The {@code CONTESTED} refusals, one pair per value and refusing profile (a profile refused the value twice is listed
     * once), at most {@value #CONTESTED_PER_VALUE} per value; a value an {@code unlink} rule now stops is listed by that rule.
     */
    private static List<Held> held(IdentityProjection identity, Set<Identifier> blocked) {
        return identity.read(g -> {
            Map<Identifier, Map<String, String>> byValue = new LinkedHashMap<>(); // value -> refusing profile -> holder
            g.forEachRefusal(RefusalRule.CONTESTED, (id, r) -> {
                if (blocked.contains(r.identifier())) {
                    return;
                }
                Map<String, String> kept = byValue.computeIfAbsent(r.identifier(), k -> new LinkedHashMap<>());
                if (kept.size() < CONTESTED_PER_VALUE && !kept.containsKey(id)) {
                    g.lookup(r.identifier()).filter(holder -> !holder.equals(id)).ifPresent(holder -> kept.put(id, holder));
                }
            });
            List<Held> out = new ArrayList<>();
            byValue.forEach((value, kept) -> kept.forEach((id, holder) -> {
                var a = g.profile(holder);
                var b = g.profile(id);
                if (a.isPresent() && b.isPresent()) {
                    out.add(new Held(value, a.get(), b.get()));
                }
            }));
            return out;
        });
    }

    private static Map<Identifier, List<Profile>> unlinked(IdentityProjection identity, Set<Identifier> blocked, int pageSize) {
        Map<Identifier, List<Profile>> by = new LinkedHashMap<>();
        long after = -1;
        while (true) {
            long from = after;
            List<String> ids = identity.read(g -> {
                List<String> page = g.profileIds(from, pageSize);
                for (String id : page) {
                    for (Decision d : g.explain(id)) {
                        if (d instanceof Decision.Refused r && r.rule() == RefusalRule.OVERRIDE_UNLINKED && blocked.contains(r.identifier())) {
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
        return by;
    }

    private static ProbableLinks.ContestedLink scored(io.kith.match.link.LiveIndex model, Profile a, Profile b, Identifier value, Instant now) {
        ProbableLinks.Link l = model.pair(a.id(), ProfileLinker.record(a), b.id(), ProfileLinker.record(b), now);
        return new ProbableLinks.ContestedLink(l.profileA(), l.profileB(), value.type(), value.value(), l.probability(), l.weight(), l.evidence());
    }
}
