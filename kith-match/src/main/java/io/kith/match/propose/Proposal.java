package io.kith.match.propose;

import io.kith.match.block.BlockingRule;
import io.kith.match.compare.Comparison;
import java.util.List;

/**
 * Comparisons and blocking rules proposed for a table, with one line per column saying what was decided and why.
 */
public record Proposal(List<Comparison> comparisons, List<BlockingRule> blocking, List<String> notes) {
    public Proposal {
        comparisons = List.copyOf(comparisons);
        blocking = List.copyOf(blocking);
        notes = List.copyOf(notes);
    }
}
