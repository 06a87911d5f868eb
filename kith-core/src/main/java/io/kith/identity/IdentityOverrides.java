package io.kith.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Corrections an operator made to identity resolution, which are inputs of it like the rules: pairs of
 * identifiers declared to be different people (never in one profile), identifiers unlinked (they never link
 * anything), and decisions on probable links ({@link MatchDecision}: accepted ones join two profiles, rejected ones keep
 * them apart). Applying them means resolving the log again with them, which is what makes an un-merge exact: the
 * profiles become what they would have been had the bad link never existed.
 */
public record IdentityOverrides(List<Pair> distinct, Set<Identifier> unlinked, List<MatchDecision> matches) {
    public static final IdentityOverrides NONE = new IdentityOverrides(List.of(), Set.of(), List.of());

    /** Two identifiers that must never share a profile. */
    public record Pair(Identifier a, Identifier b) {
    }

    /**
     * An operator's decision on a probable link between two profiles, each named by the identifier that started it (so the
     * decision names the same two profiles in every rebuild). {@link Verdict#SAME}: resolution joins the profiles holding
     * {@code a} and {@code b} as soon as both exist (explained as a merge through the two); {@link Verdict#DIFFERENT}: they
     * are kept apart like a {@code distinct} pair, and the matcher no longer proposes them. Withdrawing the decision undoes
     * either at the next rebuild.
     *
     * @param id          the decision's id ({@code md_} + 16 hex digits), to withdraw it by
     * @param profileA    the profile {@code a} started when it was decided (for display; the identifiers are what counts)
     * @param probability the link's probability when it was decided, or null when there was no stored link
     */
    public record MatchDecision(String id, Verdict verdict, Identifier a, Identifier b, String profileA, String profileB, Double probability,
                                Instant decidedAt) {
        public Pair pair() {
            return new Pair(a, b);
        }
    }

    /** What an operator said of a probable link. */
    public enum Verdict {
        /** One person: the two profiles are joined. */
        SAME,
        /** Two people: the two profiles are kept apart and the matcher does not propose them again. */
        DIFFERENT
    }

    public IdentityOverrides {
        distinct = List.copyOf(distinct);
        unlinked = Set.copyOf(unlinked);
        matches = List.copyOf(matches);
    }

    public IdentityOverrides(List<Pair> distinct, Set<Identifier> unlinked) {
        this(distinct, unlinked, List.of());
    }

    public boolean isUnlinked(Identifier id) {
        return !unlinked.isEmpty() && unlinked.contains(id);
    }

    public IdentityOverrides withDistinct(Identifier a, Identifier b) {
        List<Pair> more = new ArrayList<>(distinct);
        more.add(new Pair(a, b));
        return new IdentityOverrides(more, unlinked, matches);
    }

    public IdentityOverrides withUnlinked(Identifier id) {
        java.util.Set<Identifier> more = new java.util.HashSet<>(unlinked);
        more.add(id);
        return new IdentityOverrides(distinct, more, matches);
    }

    /** Without this identifier among the unlinked ones (unchanged when it is not). */
    public IdentityOverrides withoutUnlinked(Identifier id) {
        java.util.Set<Identifier> fewer = new java.util.HashSet<>(unlinked);
        fewer.remove(id);
        return new IdentityOverrides(distinct, fewer, matches);
    }

    /** With this decision, replacing any earlier decision on the same two identifiers (the latest word counts). */
    public IdentityOverrides withMatch(MatchDecision decision) {
        List<MatchDecision> more = new ArrayList<>(matches.size() + 1);
        for (MatchDecision m : matches) {
            if (!samePair(m, decision.a(), decision.b())) {
                more.add(m);
            }
        }
        more.add(decision);
        return new IdentityOverrides(distinct, unlinked, more);
    }

    /** Without the decision of this id (unchanged when there is none). */
    public IdentityOverrides withoutMatch(String decisionId) {
        return new IdentityOverrides(distinct, unlinked, matches.stream().filter(m -> !m.id().equals(decisionId)).toList());
    }

    /** The pairs resolution keeps apart: the {@code distinct} pairs and the rejected matches. */
    public List<Pair> apart() {
        if (matches.isEmpty()) {
            return distinct;
        }
        List<Pair> out = new ArrayList<>(distinct);
        for (MatchDecision m : matches) {
            if (m.verdict() == Verdict.DIFFERENT) {
                out.add(m.pair());
            }
        }
        return List.copyOf(out);
    }

    /** The accepted matches: pairs of identifiers whose profiles resolution joins. */
    public List<Pair> joined() {
        return matches.stream().filter(m -> m.verdict() == Verdict.SAME).map(MatchDecision::pair).toList();
    }

    /** The accepted match between these two identifiers, if there is one: what a merge through them was made by. */
    public java.util.Optional<MatchDecision> acceptedBetween(Identifier x, Identifier y) {
        for (MatchDecision m : matches) {
            if (m.verdict() == Verdict.SAME && x != null && y != null && samePair(m, x, y)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean samePair(MatchDecision m, Identifier a, Identifier b) {
        return m.a().equals(a) && m.b().equals(b) || m.a().equals(b) && m.b().equals(a);
    }
}
