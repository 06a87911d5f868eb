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
 *
 * <p>Kith writes one kind itself: an {@code unlink} of a value that behaves like a shared one ({@link LearnedUnlink},
 * evidence against a merge). Which unlinks it wrote is kept beside them ({@code learned}, always among {@code unlinked}),
 * and so are the values an operator let link again ({@code allowed}, never among {@code unlinked}): Kith does not stop
 * those again. Neither changes resolution, which reads {@code unlinked} only.
 */
public record IdentityOverrides(List<Pair> distinct, Set<Identifier> unlinked, List<MatchDecision> matches, List<LearnedUnlink> learned,
                                Set<Identifier> allowed) {
    public static final IdentityOverrides NONE = new IdentityOverrides(List.of(), Set.of(), List.of());

    /** The author of the rules Kith learns: a value behind people whose names and birth dates clearly disagree. */
    public static final String SHARED_VALUE = "kith:shared-value";

    /**
     * An {@code unlink} Kith wrote itself: the value behaves like a shared one.
     *
     * @param author    who wrote it ({@value #SHARED_VALUE})
     * @param reason    the evidence in words, without personal data ("2 people whose first names and birth dates clearly
     *                  disagree, in 3 events")
     * @param learnedAt when the matching run learned it
     */
    public record LearnedUnlink(Identifier identifier, String author, String reason, Instant learnedAt) {
    }

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

    /**
     * Keeps the two invariants: a learned rule is one of the unlinked values (one that is not is dropped), an allowed value
     * is not (an allowance for an unlinked value is dropped). An erasure blanks values in place, which can make two of
     * them one; the dropped entries are then the erased person's.
     */
    public IdentityOverrides {
        distinct = List.copyOf(distinct);
        unlinked = Set.copyOf(unlinked);
        matches = List.copyOf(matches);
        Set<Identifier> in = unlinked;
        Set<Identifier> once = new java.util.HashSet<>();
        learned = learned.stream().filter(l -> in.contains(l.identifier()) && once.add(l.identifier())).toList();
        allowed = allowed.stream().filter(a -> !in.contains(a)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public IdentityOverrides(List<Pair> distinct, Set<Identifier> unlinked, List<MatchDecision> matches) {
        this(distinct, unlinked, matches, List.of(), Set.of());
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
        return new IdentityOverrides(more, unlinked, matches, learned, allowed);
    }

    /** An operator's {@code unlink}: the value links nothing by itself (the rule is the operator's, whoever wrote it first). */
    public IdentityOverrides withUnlinked(Identifier id) {
        java.util.Set<Identifier> more = new java.util.HashSet<>(unlinked);
        more.add(id);
        return new IdentityOverrides(distinct, more, matches, learned.stream().filter(l -> !l.identifier().equals(id)).toList(), allowed);
    }

    /** Without this identifier among the unlinked ones (unchanged when it is not), nor its learned rule. */
    public IdentityOverrides withoutUnlinked(Identifier id) {
        java.util.Set<Identifier> fewer = new java.util.HashSet<>(unlinked);
        fewer.remove(id);
        return new IdentityOverrides(distinct, fewer, matches, learned, allowed);
    }

    /**
     * An operator's "link again": the value is no longer unlinked, and is allowed, so that Kith does not stop it linking
     * again ({@link #withLearned} leaves it alone) until an operator unlinks it ({@link #withUnlinked}).
     */
    public IdentityOverrides allowedToLink(Identifier id) {
        java.util.Set<Identifier> fewer = new java.util.HashSet<>(unlinked);
        fewer.remove(id);
        java.util.Set<Identifier> more = new java.util.HashSet<>(allowed);
        more.add(id);
        return new IdentityOverrides(distinct, fewer, matches, learned, more);
    }

    /**
     * With a rule Kith learned: the value is unlinked, and the rule kept as learned. Unchanged when an operator allowed the
     * value to link (their word stands) or it is unlinked already.
     */
    public IdentityOverrides withLearned(LearnedUnlink rule) {
        if (allowed.contains(rule.identifier()) || unlinked.contains(rule.identifier())) {
            return this;
        }
        java.util.Set<Identifier> more = new java.util.HashSet<>(unlinked);
        more.add(rule.identifier());
        List<LearnedUnlink> rules = new ArrayList<>(learned);
        rules.add(rule);
        return new IdentityOverrides(distinct, more, matches, rules, allowed);
    }

    /** Whether an operator let this value link again after a rule stopped it. */
    public boolean isAllowed(Identifier id) {
        return !allowed.isEmpty() && allowed.contains(id);
    }

    /** The rule Kith learned for this value, when the value is unlinked by one. */
    public java.util.Optional<LearnedUnlink> learnedFor(Identifier id) {
        return learned.stream().filter(l -> l.identifier().equals(id)).findFirst();
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
        return new IdentityOverrides(distinct, unlinked, more, learned, allowed);
    }

    /** Without the decision of this id (unchanged when there is none). */
    public IdentityOverrides withoutMatch(String decisionId) {
        return new IdentityOverrides(distinct, unlinked, matches.stream().filter(m -> !m.id().equals(decisionId)).toList(), learned, allowed);
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
