package io.kith.match.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A session whose key forces two comparisons to agree, against one whose pairs agree because they are matches. */
class ForcedAgreementTest {
    // comparisons 0, 1: names (exact, close, else); 2, 3: birth date and phone (exact, else)
    private static final double[][] M = {{0.80, 0.15, 0.05}, {0.80, 0.15, 0.05}, {0.80, 0.20}, {0.75, 0.25}};
    private static final double[][] U = {{0.02, 0.03, 0.95}, {0.01, 0.02, 0.97}, {0.0001, 0.9999}, {0.00001, 0.99999}};
    private static final double[][] START = {{0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0.9, 0.1}, {0.9, 0.1}};

    @Test
    void namesTheKeyForcesAreLeftOutOfItsSession() {
        // pairs sharing an e-mail made of the names: 10 % matches, the other 90 % namesakes, exact on both names
        Patterns session = session(0.10, true, new SplittableRandom(3));

        assertThat(ForcedAgreement.of(session, 0b1111, U, START, 100)).isEqualTo(0b0011);
    }

    @Test
    void namesAgreeingBecauseThePairsAreMatchesAreKept() {
        // pairs sharing a phone number: 99 % matches, the names exact in 80 % and, where the m is higher, in more
        double[][] cleanNames = {{0.93, 0.05, 0.02}, {0.95, 0.04, 0.01}, M[2], M[3]};
        Patterns session = new Patterns();
        SplittableRandom random = new SplittableRandom(5);
        int[] levels = new int[4];
        for (int p = 0; p < 20_000; p++) {
            boolean match = random.nextDouble() < 0.99;
            for (int c = 0; c < 4; c++) {
                levels[c] = draw(match ? cleanNames[c] : U[c], random);
            }
            session.add(Patterns.encode(levels), 1);
        }

        assertThat(ForcedAgreement.of(session, 0b1111, U, START, 100)).isZero();
    }

    private static Patterns session(double matches, boolean namesakes, SplittableRandom random) {
        Patterns session = new Patterns();
        int[] levels = new int[4];
        for (int p = 0; p < 50_000; p++) {
            boolean match = random.nextDouble() < matches;
            for (int c = 0; c < 4; c++) {
                levels[c] = match ? draw(M[c], random) : namesakes && c < 2 ? 0 : draw(U[c], random);
            }
            session.add(Patterns.encode(levels), 1);
        }
        return session;
    }

    private static int draw(double[] p, SplittableRandom random) {
        double x = random.nextDouble();
        for (int l = 0; l < p.length - 1; l++) {
            x -= p[l];
            if (x < 0) {
                return l;
            }
        }
        return p.length - 1;
    }
}
