package io.kith.rfm;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores values 1 to 5 by quintiles of their rank, the higher value the higher score. Pure and deterministic: the
 * scores depend only on the multiset of values, never on their order.
 *
 * <p>The tie rule. Sorted, n values fill positions 0 to n-1; a group of equal values fills one run of positions.
 * Every value of the group gets the quintile that holds the middle of its run:
 * {@code score = ceil(5 * (below + equal / 2) / n)}, where {@code below} counts the values smaller than it and
 * {@code equal} the values equal to it (itself included), computed in integers. Without ties a value is the run
 * {@code [position, position + 1)}, and its middle never falls on a boundary; with ties a middle exactly on a
 * boundary goes to the lower quintile, because the large groups of RFM data sit at the bottom (everyone who bought
 * once), and those customers should get F = 1. So:
 * <ul>
 *   <li>equal values always get the same score, and a larger value never a lower one;</li>
 *   <li>without ties every score holds {@code floor(n / 5)} or {@code ceil(n / 5)} values (for n &lt; 5 some scores
 *       are empty, and the ones used are spread over 1 to 5: two customers get 2 and 4);</li>
 *   <li>with ties a group lands whole in one quintile, so a quintile can grow by a group and another shrink or stay
 *       empty: when 35% of customers bought once, all of them get F = 1 and no customer may get F = 2.</li>
 * </ul>
 * The usual alternative, pandas' {@code qcut} of {@code rank(method="first")}, splits a group of equal values by
 * input order, so two customers with the same frequency could get different scores and a reordered file different
 * results; taking the start of the run ({@code method="min"}) instead of its middle would keep a large top group,
 * such as everyone with the highest frequency, out of score 5.
 */
final class Quintiles {
    private Quintiles() {
    }

    /** The score of each value, at the same index. */
    static <T extends Comparable<? super T>> int[] scores(List<T> values) {
        int n = values.size();
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(values::get));
        int[] scores = new int[n];
        int start = 0;
        while (start < n) {
            T v = values.get(order[start]);
            int end = start + 1;
            while (end < n && values.get(order[end]).compareTo(v) == 0) {
                end++;
            }
            int score = score(start, end - start, n);
            for (int i = start; i < end; i++) {
                scores[order[i]] = score;
            }
            start = end;
        }
        return scores;
    }

    /** The score of a group of {@code equal} values with {@code below} values under it, out of {@code n}. */
    static int score(long below, long equal, long n) {
        long twiceN = 2 * n;
        return (int) ((5 * (2 * below + equal) + twiceN - 1) / twiceN);
    }
}
