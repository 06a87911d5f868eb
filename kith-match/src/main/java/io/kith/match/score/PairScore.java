package io.kith.match.score;

import java.util.List;

/**
 * A scored pair with its explanation: {@code weight = prior + Σ contributions[i].weight}.
 *
 * @param weight      the match weight, log2 of the posterior odds
 * @param probability 2^weight / (1 + 2^weight)
 */
public record PairScore(int left, int right, double prior, List<Contribution> contributions, double weight, double probability) {
    public PairScore {
        contributions = List.copyOf(contributions);
    }
}
