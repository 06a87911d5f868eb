package io.kith.identity;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityOverrides.MatchDecision;
import io.kith.identity.IdentityOverrides.Verdict;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Turns an operator's word on two profiles ("the same person", "two people") into a {@link MatchDecision}, the input of
 * resolution that says it: each profile is named by the identifier that started it, which names the same profile in every
 * rebuild of the same log. One place for the API and the console.
 */
public final class MatchDecisions {
    private MatchDecisions() {
    }

    /** A new decision id: {@code md_} and 16 hex digits. */
    public static String newId(RandomGenerator random) {
        return "md_" + HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * The decision on two live profiles of this graph.
     *
     * @throws KithException NOT_FOUND for a profile the graph does not hold, INVALID_ARGUMENT for one merged away or the
     *                       same profile twice
     */
    public static MatchDecision decide(IdentityGraph g, String profileA, String profileB, Verdict verdict, Double probability, Instant now,
                                       String id) {
        String a = live(g, profileA);
        String b = live(g, profileB);
        if (a.equals(b)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "profiles " + profileA + " and " + profileB + " are already one profile (" + a + ")");
        }
        return new MatchDecision(id, verdict, starting(g, a), starting(g, b), a, b, probability, now);
    }

    /** A decision the auto-merge threshold made: {@code ma_} and 16 hex digits. */
    public static String newAutoId(RandomGenerator random) {
        return "ma_" + HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * Withdrawing a decision: an operator's is removed (the pair is split again, or may be proposed again); one the
     * auto-merge threshold made ({@code ma_}) becomes a rejection of the same pair, or the next run would join it again.
     */
    public static java.util.function.UnaryOperator<IdentityOverrides> withdraw(MatchDecision m, String newId, Instant now) {
        if (!m.id().startsWith("ma_")) {
            return current -> current.withoutMatch(m.id());
        }
        MatchDecision rejected = new MatchDecision(newId, Verdict.DIFFERENT, m.a(), m.b(), m.profileA(), m.profileB(), m.probability(), now);
        return current -> current.withoutMatch(m.id()).withMatch(rejected);
    }

    /** The identifier that started a live profile (linked by its creating event with no identifier before it). */
    static Identifier starting(IdentityGraph g, String profileId) {
        long created = IdentityGraph.createdSequence(profileId);
        for (Decision d : g.explain(profileId)) {
            if (d instanceof Decision.Linked l && l.anchor() == null && l.sequence() == created) {
                return l.identifier();
            }
        }
        throw new KithException(ErrorCode.CONFLICT, "profile " + profileId + " no longer holds the identifier that started it; decide on its identifiers "
                + "with a distinct override instead");
    }

    private static String live(IdentityGraph g, String profileId) {
        Optional<String> canonical = g.canonical(profileId);
        if (canonical.isEmpty()) {
            throw new KithException(ErrorCode.NOT_FOUND, "no profile with id \"" + profileId + "\"");
        }
        if (!canonical.get().equals(profileId)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "profile " + profileId + " was merged into " + canonical.get() + ": decide on that one");
        }
        return profileId;
    }
}
