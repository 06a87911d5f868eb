package io.kith.model.propensity;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.model.clv.BgNbd;
import io.kith.model.clv.CustomerSummary;
import io.kith.model.clv.PurchaseHistory;
import io.kith.model.clv.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Purchase propensity on the whole CDNOW file (23,570 customers) with a time split: features from 1997-01-01 to
 * 1997-09-30, outcome = any purchase from 1997-10-01 to 1998-06-30; fitted on about 70 % of the customers (by a hash
 * of the id, {@link TimeSplit}), evaluated on the others. BG/NBD's expected hold-out purchases, ranked the same way, is the baseline.
 */
class CdnowPropensityTest {
    private static final LocalDate CAL_END = LocalDate.of(1997, 9, 30);
    private static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

    @Test
    void separatesBuyersFromNonBuyersAsWellAsBgNbd() throws Exception {
        Path file = root().resolve("../shared/datasets/cdnow/CDNOW_master.txt").normalize();
        Assumptions.assumeTrue(Files.isReadable(file), file + " is not here");
        BehaviourFeatures features = new BehaviourFeatures();
        PurchaseHistory history = new PurchaseHistory();
        for (String line : Files.readAllLines(file).subList(1, 69_660)) {
            String[] f = line.trim().split("\\s+");
            LocalDate d = LocalDate.parse(f[1], DateTimeFormatter.BASIC_ISO_DATE);
            features.add(f[0], d, Double.parseDouble(f[3]));
            history.add(f[0], d, Double.parseDouble(f[3]));
        }
        TimeSplit split = TimeSplit.of(features, CAL_END, HOLDOUT_END, 0.3);
        List<LabelledExample> train = split.training();
        List<LabelledExample> test = split.heldOut();
        PropensityModel model = new LogisticRegression(1.0).fit("purchase-propensity", train);
        Evaluation ev = split.evaluate(model);
        boolean[] y = new boolean[test.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = test.get(i).outcome();
        }

        List<CustomerSummary> cal = history.summarise(CAL_END, TimeUnit.WEEKS);
        BgNbd bg = BgNbd.fit(cal).model();
        Map<String, CustomerSummary> byId = cal.stream().collect(Collectors.toMap(CustomerSummary::customerId, Function.identity()));
        double[] baseline = test.stream().map(e -> byId.get(e.features().customerId()))
                .mapToDouble(c -> bg.expectedPurchases(39, c.frequency(), c.recency(), c.age())).toArray();
        double bgAuc = Evaluation.auc(baseline, y);
        System.out.printf("propensity: train %d, test %d, base rate %.3f, AUC %.4f, Brier %.4f; BG/NBD AUC %.4f%n%s%n%s%n",
                train.size(), test.size(), ev.baseRate(), ev.auc(), ev.brier(), bgAuc, ev.bins(), model.predict(test.getFirst().features()));

        assertThat(train.size() + test.size()).isEqualTo(23_570);
        assertThat(ev.auc()).isGreaterThan(0.75);
        assertThat(ev.auc()).isGreaterThan(bgAuc - 0.02);
        assertThat(ev.brier()).isLessThan(ev.baseRate() * (1 - ev.baseRate()));
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }
}
