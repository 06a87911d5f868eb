package io.kith.match.estimate;

/**
 * The comparisons a blocking rule's key forces to agree among the pairs it finds, matches or not: a key of the e-mail
 * address finds people who share the names the address is made of. In that rule's EM session such a comparison
 * separates nothing, and counted as evidence (against u from random pairs, where agreeing is rare) it makes every pair
 * a match, so the session learns m of the other comparisons from the namesakes. Synthetic 1,000,000 records (bench seed
 * 7): of the 2.87 M pairs sharing an e-mail 9.9 % are matches, yet 91.8 % agree on the first name and 91.4 % on the
 * surname; EM there called every pair a match and learnt m(exact birth date) 0.07 (the phone session: 0.78), which with
 * the e-mail's local-part session beside it moved the median m of the birth date, street, postcode and phone, and link
 * precision fell to 0.17.
 *
 * <p>A comparison is forced when it is exact in at least {@link #HIGH} of the session's pairs and the session's
 * non-matches, counted by EM without the comparisons that high, would have to be exact at least half the time: (share −
 * λ) / (1 − λ) ≥ 1/2, where random pairs are exact a few times in a hundred at most. A session of true matches (pairs
 * sharing a phone number: 99.8 % matches, 77 % on one name; FEBRL's identity number) is exact often because its pairs
 * are matches, and EM without those comparisons says so.
 */
public final class ForcedAgreement {
    /** The share of a session's pairs at a comparison's first level above which it is looked at. */
    public static final double HIGH = 0.9;

    private ForcedAgreement() {
    }

    /** The comparisons of {@code active} (bit c for comparison c) that the session's key forces. */
    public static long of(Patterns session, long active, double[][] u, double[][] mStart, int iterations) {
        double[] shares = session.firstLevelShares();
        long high = 0;
        for (int c = 0; c < u.length; c++) {
            if ((active & (1L << c)) != 0 && shares[c] >= HIGH) {
                high |= 1L << c;
            }
        }
        long rest = active & ~high;
        if (high == 0 || rest == 0) {
            return 0;
        }
        double lambda = Em.run(session, rest, u, mStart, 0.1, iterations, 1e-6).lambda();
        long forced = 0;
        for (int c = 0; c < u.length; c++) {
            if ((high & (1L << c)) != 0 && (shares[c] - lambda) / (1 - lambda) >= 0.5) {
                forced |= 1L << c;
            }
        }
        return forced;
    }
}
