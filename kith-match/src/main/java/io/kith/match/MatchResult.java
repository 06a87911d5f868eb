package io.kith.match;

import io.kith.match.block.Blocking;
import io.kith.match.cluster.Clustering;
import io.kith.match.cluster.Links;
import io.kith.match.score.Model;
import io.kith.match.score.Scorer;
import java.util.List;

/**
 * What a deduplication found: the trained model, how blocking went, the links at or above the threshold and the
 * clusters they form. {@link #scorer()} explains any pair.
 *
 * @param candidatePairs the pairs compared
 */
public record MatchResult(Records records, MatchSettings settings, Scorer scorer, Blocking blocking, long candidatePairs,
                          Links links, Clustering clustering, List<Matcher.Session> sessions, Matcher.Timings timings) {
    public Model model() {
        return scorer.model();
    }
}
