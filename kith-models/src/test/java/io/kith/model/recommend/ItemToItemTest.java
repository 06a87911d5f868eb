package io.kith.model.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ItemToItemTest {
    @Test
    void recommendsWhatTheSameCustomersBoughtAndExplainsWhy() {
        List<Interaction> in = List.of(
                Interaction.purchase("a", "tent", 1), Interaction.purchase("a", "stove", 2),
                Interaction.purchase("b", "tent", 1), Interaction.purchase("b", "stove", 2), Interaction.purchase("b", "mat", 3),
                Interaction.purchase("c", "tent", 1), Interaction.view("c", "mat", 2),
                Interaction.purchase("d", "novel", 1), Interaction.purchase("e", "novel", 1), Interaction.purchase("f", "novel", 1));

        ItemToItem m = ItemToItem.fit(in, ItemToItemSettings.defaults());
        Recommendations rc = m.recommend("c", 3);

        assertThat(rc.items()).extracting(Recommendation::itemId).startsWith("stove").doesNotContain("tent");
        assertThat(rc.items().getFirst().because()).contains("tent");
        assertThat(rc.items().getFirst().reason()).startsWith("bought or viewed with tent");
        // The viewed mat is not bought, so it may be recommended; the list is filled with the popular novel.
        assertThat(rc.items()).extracting(Recommendation::itemId).contains("mat", "novel");
        assertThat(rc.version()).isEqualTo(m.version());
    }

    @Test
    void aNewCustomerGetsThePopularItems() {
        List<Interaction> in = List.of(Interaction.purchase("a", "x", 1), Interaction.purchase("b", "x", 1), Interaction.purchase("b", "y", 2));
        Recommendations rc = ItemToItem.fit(in, ItemToItemSettings.defaults()).recommend("stranger", 5);
        assertThat(rc.items()).extracting(Recommendation::itemId).containsExactly("x", "y");
        assertThat(rc.items().getFirst().reason()).isEqualTo("popular: bought by 100.0% of customers");
    }

    @Test
    void beatsPopularityOnASyntheticShop() {
        List<Interaction> in = SyntheticShop.interactions(3000, 2000, 40, 10, 3);
        LeaveLastOut e = LeaveLastOut.evaluate(in, ItemToItemSettings.defaults(), 10);
        System.out.println("synthetic shop: " + e);
        assertThat(e.customers()).isGreaterThan(2000);
        assertThat(e.hitRate()).isGreaterThan(2 * e.popularHitRate());
    }
}
