package io.kith.identity;

import io.kith.profile.ProfileIdentifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an {@link IdentityStore} keeps a profile's decision log in rows: each identifier's own {@link Decision.Linked}
 * (same identifier, same sequence) goes into that identifier's row, as its anchor and its place ({@code ord}) in the
 * log; every other decision (merges, refusals, a linked decision that matches no identifier) gets a row of its own,
 * with its place. Reading the two kinds of rows back and ordering them by place gives the log exactly as it was, while
 * a profile with no merge or refusal needs no decision rows at all.
 *
 * @param linked    for each identifier of the profile (in the profile's order), its linked decision, or null
 * @param linkedOrd the place of each identifier's linked decision in the log (meaningless where {@code linked} is null)
 * @param others    the other decisions, in log order
 * @param otherOrd  the place of each of {@code others} in the log
 */
public record StoredDecisions(Decision.Linked[] linked, int[] linkedOrd, List<Decision> others, int[] otherOrd) {
    /** Splits a stored profile's log between its identifiers' rows and rows of their own. */
    public static StoredDecisions split(IdentityStore.StoredProfile sp) {
        List<ProfileIdentifier> ids = sp.profile().identifiers() == null ? List.of() : sp.profile().identifiers();
        Map<Identifier, Integer> unmatched = new HashMap<>(ids.size() * 2);
        for (int i = ids.size() - 1; i >= 0; i--) {
            unmatched.put(new Identifier(ids.get(i).type(), ids.get(i).value()), i);
        }
        Decision.Linked[] linked = new Decision.Linked[ids.size()];
        int[] linkedOrd = new int[ids.size()];
        List<Decision> others = new ArrayList<>();
        List<Integer> otherOrd = new ArrayList<>();
        List<Decision> log = sp.decisions() == null ? List.of() : sp.decisions();
        for (int ord = 0; ord < log.size(); ord++) {
            Decision d = log.get(ord);
            Integer at = d instanceof Decision.Linked l ? unmatched.get(l.identifier()) : null;
            if (at != null && ids.get(at).linkedBySequence() == d.sequence()) {
                unmatched.remove(((Decision.Linked) d).identifier());
                linked[at] = (Decision.Linked) d;
                linkedOrd[at] = ord;
            } else {
                others.add(d);
                otherOrd.add(ord);
            }
        }
        return new StoredDecisions(linked, linkedOrd, others, otherOrd.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The log again, from the decisions read with their places (the identifiers' and the others'). */
    public static List<Decision> join(List<Placed> placed) {
        List<Placed> sorted = new ArrayList<>(placed);
        sorted.sort(java.util.Comparator.comparingInt(Placed::ord));
        List<Decision> out = new ArrayList<>(sorted.size());
        for (Placed p : sorted) {
            out.add(p.decision());
        }
        return out;
    }

    /** A decision read back with its place in the log. */
    public record Placed(int ord, Decision decision) {
    }

    /**
     * A decision as the columns of its row: {@code kind} ({@code linked}, {@code merged} or {@code refused}), the
     * sequence, the identifier, the other identifier (a link's anchor, a merge's identifier on the survivor), the
     * absorbed profile of a merge, the reason of a refusal.
     */
    public record Row(String kind, long sequence, Identifier identifier, Identifier other, String absorbed, String reason) {
        public static Row of(Decision d) {
            return switch (d) {
                case Decision.Linked l -> new Row("linked", l.sequence(), l.identifier(), l.anchor(), null, null);
                case Decision.Merged m -> new Row("merged", m.sequence(), m.via(), m.with(), m.absorbed(), null);
                // The rule rides in the kind ("refused:shared_device"): no column of its own for what a rebuild rewrites anyway.
                case Decision.Refused r -> new Row("refused:" + r.rule().name().toLowerCase(java.util.Locale.ROOT), r.sequence(), r.identifier(),
                        null, null, r.reason());
            };
        }

        /** The decision this row holds; a row of an unknown kind is a storage failure (named with the profile). */
        public Decision decision(String profileId) {
            if (kind.startsWith("refused")) {
                return new Decision.Refused(sequence, identifier, refusalRule(kind.substring("refused".length())), reason);
            }
            return switch (kind) {
                case "linked" -> new Decision.Linked(sequence, identifier, other);
                case "merged" -> new Decision.Merged(sequence, absorbed, identifier, other);
                default -> throw new io.kith.error.KithException(io.kith.error.ErrorCode.STORAGE_FAILURE, "profile " + profileId
                        + " has a stored decision of unknown kind \"" + kind + "\"");
            };
        }

        /** The rule after "refused" in a kind (":limit"); a row stored before refusals were typed has none. */
        private static RefusalRule refusalRule(String suffix) {
            if (suffix.startsWith(":")) {
                try {
                    return RefusalRule.valueOf(suffix.substring(1).toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException newerRule) {
                    return RefusalRule.UNKNOWN;
                }
            }
            return RefusalRule.UNKNOWN;
        }

        /** An identifier from its two columns, either of which may be null (no identifier). */
        public static Identifier identifier(String type, String value) {
            return type == null ? null : new Identifier(type, value);
        }
    }
}
