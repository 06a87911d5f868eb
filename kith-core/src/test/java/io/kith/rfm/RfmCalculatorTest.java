package io.kith.rfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.KithException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** RFM on a small book of transactions, every number worked out by hand. */
class RfmCalculatorTest {
    private static final LocalDate AS_OF = LocalDate.parse("2024-01-31");

    /**
     * a: two orders (one of two lines), the last the day before as-of. b: one row without an order id, 30 days ago.
     * c: an order, then a credit note for part of it. d: only a return. e: an order returned whole by a credit note.
     * f: bought after the as-of day. g: bought long ago.
     */
    private static final List<Transaction> BOOK = List.of(
            Transaction.inOrder("a", "O1", day("2024-01-30"), money("30.00")),
            Transaction.inOrder("a", "O1", day("2024-01-30"), money("20.00")),
            Transaction.inOrder("a", "O2", day("2024-01-10"), money("100.00")),
            Transaction.of("b", day("2024-01-01"), money("10.00")),
            Transaction.inOrder("c", "O3", day("2024-01-20"), money("80.00")),
            Transaction.inOrder("c", "C3", day("2024-01-25"), money("-30.00")),
            Transaction.of("d", day("2024-01-15"), money("-20.00")),
            Transaction.inOrder("e", "O4", day("2024-01-05"), money("40.00")),
            Transaction.inOrder("e", "C4", day("2024-01-06"), money("-40.00")),
            Transaction.inOrder("f", "O5", day("2024-02-01"), money("99.00")),
            Transaction.inOrder("g", "O6", day("2023-06-01"), money("70.00")));

    @Test
    void measuresEveryCustomerWithAPurchase() {
        RfmResult result = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF));

        assertThat(result.customers()).extracting(CustomerRfm::customerId).containsExactly("a", "b", "c", "g");
        CustomerRfm a = customer(result, "a");
        assertThat(a.recencyDays()).isEqualTo(1);
        assertThat(a.frequency()).isEqualTo(2);
        assertThat(a.monetary()).isEqualByComparingTo("150.00");
        CustomerRfm b = customer(result, "b");
        assertThat(b.recencyDays()).isEqualTo(30);
        assertThat(b.frequency()).isEqualTo(1);
        assertThat(customer(result, "g").recencyDays()).isEqualTo(244);
    }

    @Test
    void aReturnLowersMonetaryButIsNotAPurchase() {
        CustomerRfm c = customer(RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF)), "c");

        assertThat(c.frequency()).isEqualTo(1);
        assertThat(c.lastPurchase()).isEqualTo(day("2024-01-20"));
        assertThat(c.recencyDays()).isEqualTo(11);
        assertThat(c.monetary()).isEqualByComparingTo("50.00");
    }

    @Test
    void customersWithoutAPurchaseOrWithoutValueAreCountedNotScored() {
        RfmResult.Skipped skipped = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF)).skipped();

        assertThat(skipped.customersWithoutPurchase()).isEqualTo(1); // d
        assertThat(skipped.customersWithoutValue()).isEqualTo(1); // e
        assertThat(skipped.afterAsOf()).isEqualTo(1); // f
        assertThat(skipped.outsideWindow()).isZero();
    }

    @Test
    void scoresAndSegmentsOfFourCustomers() {
        // R by last purchase: g (244 days), b (30), c (11), a (1) at positions 0-3 of 4: 1, 2, 4, 5.
        // F: b, c and g bought once, positions 0-2, middle 1.5 of 4, quintile 2; a twice: 5.
        // M: b 10, c 50, g 70, a 150: 1, 2, 4, 5. FM = (F + M + 1) / 2.
        RfmResult result = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF));

        assertThat(scores(result)).containsExactly(
                Map.entry("a", "555 Champions"),
                Map.entry("b", "221 Hibernating"), // FM 2
                Map.entry("c", "422 Potential Loyalists"), // FM 2
                Map.entry("g", "124 At Risk")); // FM 3
    }

    @Test
    void aWindowOfThirtyDaysEndsWithTheAsOfDay() {
        // 30 days: 2024-01-02 to 2024-01-31. b's purchase on 2024-01-01 is 30 days old and just outside.
        RfmResult result = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF).within(RfmWindow.lastDays(30)));

        assertThat(result.customers()).extracting(CustomerRfm::customerId).containsExactly("a", "c");
        assertThat(result.skipped().outsideWindow()).isEqualTo(2); // b and g
        assertThat(scores(result)).containsExactly(Map.entry("a", "444 Loyal"), Map.entry("c", "222 Hibernating"));

        RfmResult wider = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF).within(RfmWindow.lastDays(31)));
        assertThat(wider.customers()).extracting(CustomerRfm::customerId).containsExactly("a", "b", "c");
    }

    @Test
    void aPurchaseOnTheAsOfDayIsZeroDaysOld() {
        RfmResult result = RfmCalculator.standard().compute(List.of(Transaction.of("x", AS_OF, money("1"))),
                RfmQuery.asOf(AS_OF).within(RfmWindow.lastDays(1)));

        assertThat(result.customers()).singleElement().extracting(CustomerRfm::recencyDays).isEqualTo(0L);
    }

    @Test
    void aBrandFilterKeepsOnlyThatBrandsTransactions() {
        List<Transaction> book = List.of(
                Transaction.inOrder("a", "O1", day("2024-01-30"), money("30")).withBrand("north"),
                Transaction.inOrder("a", "O1", day("2024-01-30"), money("20")).withBrand("south"),
                Transaction.inOrder("a", "O2", day("2024-01-10"), money("100")).withBrand("north"),
                Transaction.inOrder("b", "O3", day("2024-01-20"), money("5")).withBrand("south"),
                Transaction.inOrder("c", "O4", day("2024-01-20"), money("5")));

        RfmResult north = RfmCalculator.standard().compute(book, RfmQuery.asOf(AS_OF).forBrand("north"));
        assertThat(north.customers()).singleElement().satisfies(a -> {
            assertThat(a.frequency()).isEqualTo(2);
            assertThat(a.monetary()).isEqualByComparingTo("130");
        });
        assertThat(north.skipped().otherBrand()).isEqualTo(3);

        RfmResult south = RfmCalculator.standard().compute(book, RfmQuery.asOf(AS_OF).forBrand("south"));
        assertThat(south.customers()).extracting(CustomerRfm::customerId, CustomerRfm::frequency).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 1), org.assertj.core.groups.Tuple.tuple("b", 1));

        RfmResult group = RfmCalculator.standard().compute(book, RfmQuery.asOf(AS_OF));
        assertThat(group.customers()).hasSize(3);
        assertThat(customer(group, "a").monetary()).isEqualByComparingTo("150");
    }

    @Test
    void anOrderPartlyReturnedUnderItsOwnIdStillCounts() {
        List<Transaction> book = List.of(
                Transaction.inOrder("a", "O1", day("2024-01-10"), money("50")),
                Transaction.inOrder("a", "O1", day("2024-01-12"), money("-20")),
                Transaction.inOrder("a", "O2", day("2024-01-20"), money("10")),
                Transaction.inOrder("a", "O2", day("2024-01-21"), money("-10")));

        CustomerRfm a = RfmCalculator.standard().compute(book, RfmQuery.asOf(AS_OF)).customers().getFirst();
        assertThat(a.frequency()).isEqualTo(1); // O2 nets to zero
        assertThat(a.lastPurchase()).isEqualTo(day("2024-01-10")); // an order's day is its first row's
        assertThat(a.monetary()).isEqualByComparingTo("30");
    }

    @Test
    void theGridCountsCustomersAndRevenuePerCell() {
        RfmResult result = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF));
        RfmGrid grid = result.grid();

        assertThat(grid.cells()).hasSize(25);
        assertThat(grid.cells().getFirst()).isEqualTo(new RfmGrid.Cell(5, 1, "New Customers", 0, BigDecimal.ZERO));
        assertThat(grid.cell(5, 5).customers()).isEqualTo(1);
        assertThat(grid.cell(5, 5).monetary()).isEqualByComparingTo("150.00");
        assertThat(grid.cell(1, 3).segment()).isEqualTo("At Risk");
        assertThat(grid.cell(1, 3).monetary()).isEqualByComparingTo("70.00");
        assertThat(grid.segments(result.segmentMap())).extracting(RfmGrid.SegmentTotal::segment, RfmGrid.SegmentTotal::customers)
                .startsWith(org.assertj.core.groups.Tuple.tuple("Champions", 1), org.assertj.core.groups.Tuple.tuple("Loyal", 0));
    }

    @Test
    void theBandsShowTheValuesBehindEachScore() {
        RfmResult.Bands bands = RfmCalculator.standard().compute(BOOK, RfmQuery.asOf(AS_OF)).bands();

        assertThat(bands.frequency()).containsExactly(
                new RfmResult.Band(2, 3, BigDecimal.ONE, BigDecimal.ONE),
                new RfmResult.Band(5, 1, BigDecimal.TWO, BigDecimal.TWO));
        assertThat(bands.recencyDays()).extracting(RfmResult.Band::score).containsExactly(1, 2, 4, 5);
        assertThat(bands.recencyDays().getLast().highest()).isEqualByComparingTo("1");
    }

    @Test
    void noTransactionsNoCustomers() {
        RfmResult result = RfmCalculator.standard().compute(List.of(), RfmQuery.asOf(AS_OF));

        assertThat(result.customers()).isEmpty();
        assertThat(result.grid().cells()).allSatisfy(c -> assertThat(c.customers()).isZero());
    }

    @Test
    void aTransactionNeedsACustomerAndAWindowADay() {
        assertThatThrownBy(() -> Transaction.of(" ", AS_OF, BigDecimal.ONE)).isInstanceOf(KithException.class)
                .hasMessageContaining("customer id");
        assertThatThrownBy(() -> RfmWindow.lastDays(0)).isInstanceOf(KithException.class).hasMessageContaining("got 0");
    }

    private static Map<String, String> scores(RfmResult result) {
        return result.customers().stream().collect(Collectors.toMap(CustomerRfm::customerId,
                c -> c.score().code() + " " + c.segment(), (x, y) -> x, java.util.LinkedHashMap::new));
    }

    private static CustomerRfm customer(RfmResult result, String id) {
        return result.customers().stream().filter(c -> c.customerId().equals(id)).findFirst().orElseThrow();
    }

    private static LocalDate day(String s) {
        return LocalDate.parse(s);
    }

    private static BigDecimal money(String s) {
        return new BigDecimal(s);
    }
}
