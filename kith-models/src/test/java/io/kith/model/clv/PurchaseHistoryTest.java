package io.kith.model.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurchaseHistoryTest {
    private static final LocalDate D0 = LocalDate.of(2024, 1, 1);

    @Test
    void purchasesOnOneDayAreOneAndTheFirstIsNoRepeat() {
        PurchaseHistory h = new PurchaseHistory();
        h.add("a", D0, 10);
        h.add("a", D0, 5);
        h.add("a", D0.plusDays(7), 20);
        h.add("a", D0.plusDays(7), 4);
        h.add("a", D0.plusDays(21), 30);
        h.add("a", D0.plusDays(40), 99); // after calibration

        assertThat(h.summarise(D0.plusDays(28), TimeUnit.WEEKS)).containsExactly(new CustomerSummary("a", 2, 3, 4, 27));
        assertThat(h.summarise(D0.plusDays(28), TimeUnit.DAYS)).containsExactly(new CustomerSummary("a", 2, 21, 28, 27));
        assertThat(h.holdoutPurchases(D0.plusDays(28), D0.plusDays(60))).isEqualTo(Map.of("a", 1));
    }

    @Test
    void aDayOfReturnsOnlyIsNoPurchaseAndLaterCustomersAreNotInTheCohort() {
        PurchaseHistory h = new PurchaseHistory();
        h.add("a", D0, 10);
        h.add("a", D0.plusDays(3), -10);
        h.add("b", D0.plusDays(30), 10);

        assertThat(h.summarise(D0.plusDays(10), TimeUnit.DAYS)).containsExactly(new CustomerSummary("a", 0, 0, 10, 0));
        assertThat(h.holdoutPurchases(D0.plusDays(10), D0.plusDays(40))).isEqualTo(Map.of("a", 0));
    }
}
