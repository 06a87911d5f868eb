package io.kith.model.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ItemToItemProperties {
    @Property(tries = 50)
    void neverRecommendsABoughtItemNorOneTwice(@ForAll @LongRange(min = 1, max = 1000) long seed, @ForAll @IntRange(min = 1, max = 20) int n) {
        List<Interaction> in = SyntheticShop.interactions(200, 100, 5, 8, seed);
        ItemToItem m = ItemToItem.fit(in, new ItemToItemSettings(10, 0.25));
        for (int c = 0; c < 200; c += 7) {
            String customer = "c" + c;
            Set<String> bought = in.stream().filter(i -> i.customerId().equals(customer) && i.kind() == Interaction.Kind.PURCHASE)
                    .map(Interaction::itemId).collect(Collectors.toSet());
            List<String> items = m.recommend(customer, n).items().stream().map(Recommendation::itemId).toList();
            assertThat(items).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(n).allSatisfy(i -> assertThat(bought).doesNotContain(i));
        }
    }

    /** The working arrays reused between customers leave nothing behind: the same question gets the same answer. */
    @Property(tries = 20)
    void answersDoNotDependOnWhoWasAskedBefore(@ForAll @LongRange(min = 1, max = 1000) long seed) {
        List<Interaction> in = SyntheticShop.interactions(150, 80, 4, 8, seed);
        ItemToItem m = ItemToItem.fit(in, new ItemToItemSettings(10, 0.25));
        List<String> ids = java.util.stream.IntStream.range(0, 150).mapToObj(c -> "c" + c).toList();
        List<Recommendations> forward = ids.stream().map(c -> m.recommend(c, 5)).toList();
        List<Recommendations> backward = new java.util.ArrayList<>(ids.reversed().stream().map(c -> m.recommend(c, 5)).toList()).reversed();
        assertThat(backward).isEqualTo(forward);
        assertThat(m.recommendAll(ids, 5)).isEqualTo(forward);
    }
}
