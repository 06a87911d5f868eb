package io.kith.model.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic shop for tests and benchmarks: items fall into categories, each customer prefers one to three
 * categories and buys and views items there (popular items more often, Zipf-like), with a little noise elsewhere.
 */
public final class SyntheticShop {
    private SyntheticShop() {
    }

    /** About {@code perCustomer} purchases and as many views per customer, in time order per customer. */
    public static List<Interaction> interactions(int customers, int items, int categories, int perCustomer, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int perCategory = Math.max(1, items / categories);
        List<Interaction> out = new ArrayList<>(customers * perCustomer * 2);
        for (int c = 0; c < customers; c++) {
            String customer = "c" + c;
            int[] liked = new int[1 + r.nextInt(3)];
            for (int k = 0; k < liked.length; k++) {
                liked[k] = r.nextInt(categories);
            }
            int events = 1 + r.nextInt(2 * perCustomer);
            for (int e = 0; e < events; e++) {
                int category = r.nextInt(10) == 0 ? r.nextInt(categories) : liked[r.nextInt(liked.length)];
                // rank ~ Zipf: the square of a uniform puts most draws on the first items of the category
                double u = r.nextDouble();
                int item = Math.min(items - 1, category * perCategory + (int) (u * u * perCategory));
                String id = "i" + item;
                out.add(r.nextBoolean() ? Interaction.purchase(customer, id, e) : Interaction.view(customer, id, e));
            }
        }
        return out;
    }
}
