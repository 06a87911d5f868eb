package io.kith.match.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Blocking produces exactly the pairs that share a key of some rule, each once, whatever the thread count. */
class BlockingProperties {
    @Property(tries = 200)
    void everyPairSharingAKeyIsProducedExactlyOnce(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll @IntRange(min = 1, max = 4) int rules,
                                                    @ForAll @IntRange(min = 1, max = 6) int alphabet, @ForAll long seed,
                                                    @ForAll @IntRange(min = 1, max = 3) int threads) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long[][] keys = new long[rules][n];
        for (int r = 0; r < rules; r++) {
            for (int i = 0; i < n; i++) {
                int v = random.nextInt(alphabet + 1);
                keys[r][i] = v == 0 ? Blocking.NONE : v * 1000L + r;
            }
        }
        List<BlockingRule> rs = new ArrayList<>();
        for (int r = 0; r < rules; r++) {
            rs.add(BlockingRule.of(new BlockingRule.Part("c" + r, Transform.EXACT)));
        }
        Blocking blocking = Blocking.of(rs, keys, Integer.MAX_VALUE, Long.MAX_VALUE);

        Set<Long> produced = ConcurrentHashMap.newKeySet();
        List<Long> all = java.util.Collections.synchronizedList(new ArrayList<>());
        blocking.visit(() -> (a, b, rule) -> {
            assertThat(a).isLessThan(b);
            assertThat(keys[rule][a]).isEqualTo(keys[rule][b]);
            produced.add((long) a << 32 | b);
            all.add((long) a << 32 | b);
        }, threads);

        Set<Long> expected = new HashSet<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                for (int r = 0; r < rules; r++) {
                    if (keys[r][a] != Blocking.NONE && keys[r][a] == keys[r][b]) {
                        expected.add((long) a << 32 | b);
                    }
                }
            }
        }
        assertThat(produced).isEqualTo(expected);
        assertThat(all).hasSameSizeAs(expected);
        assertThat(blocking.countPairs(1)).isEqualTo(expected.size());
    }

    @Property(tries = 100)
    void aRuleOverItsBudgetIsDroppedAndPairsItAloneWouldFindAreLost(@ForAll @IntRange(min = 2, max = 40) int n) {
        long[][] keys = new long[2][n];
        for (int i = 0; i < n; i++) {
            keys[0][i] = 7; // everyone in one block: n(n-1)/2 pairs
            keys[1][i] = i % 2 == 0 ? 9 : Blocking.NONE;
        }
        List<BlockingRule> rs = List.of(BlockingRule.of(new BlockingRule.Part("a", Transform.EXACT)),
                BlockingRule.of(new BlockingRule.Part("b", Transform.EXACT)));
        Blocking blocking = Blocking.of(rs, keys, Integer.MAX_VALUE, (long) n * (n - 1) / 2 - 1);

        assertThat(blocking.stats().get(0).dropped()).isTrue();
        long evens = (n + 1) / 2;
        assertThat(blocking.countPairs(2)).isEqualTo(evens * (evens - 1) / 2);
    }

    @Property(tries = 50)
    void everyPairIsProducedOnceBesideTheKeyedRulesAndNoGuardDropsIt(@ForAll @IntRange(min = 2, max = 60) int n, @ForAll long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<BlockingRule> rs = List.of(BlockingRule.of(new BlockingRule.Part("a", Transform.EXACT)), BlockingRule.EVERY_PAIR);
        long[][] keys = new long[2][n];
        for (int i = 0; i < n; i++) {
            keys[0][i] = random.nextInt(4) == 0 ? Blocking.NONE : 1 + random.nextInt(3);
            keys[1][i] = BlockingRule.EVERY_PAIR.key(c -> null, new int[0]);
        }
        // a block far over maxBlock and pairs far over maxPairs: the guards are for keyed rules only
        Blocking blocking = Blocking.of(rs, keys, 1, 0);

        Set<Long> produced = ConcurrentHashMap.newKeySet();
        blocking.visit(() -> (a, b, rule) -> assertThat(produced.add((long) a << 32 | b)).isTrue(), 2);

        assertThat(produced).hasSize(n * (n - 1) / 2);
        assertThat(blocking.stats().get(1).dropped()).isFalse();
        assertThat(blocking.stats().get(1).skippedBlocks()).isZero();
    }
}
