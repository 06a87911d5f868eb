package io.kith.rfm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

/** The laws of quintile scoring and of the RFM calculation, on random values and random books of transactions. */
class RfmProperties {
    private static final LocalDate AS_OF = LocalDate.parse("2024-03-01");

    @Property
    void scoresAreOneToFive(@ForAll List<@IntRange(min = -5, max = 5) Integer> values) {
        for (int s : Quintiles.scores(values)) {
            assertThat(s).isBetween(1, 5);
        }
    }

    @Property
    void equalValuesShareAScoreAndALargerValueNeverScoresLower(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 12) Integer> values) {
        int[] s = Quintiles.scores(values);
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.size(); j++) {
                int cmp = values.get(i).compareTo(values.get(j));
                if (cmp == 0) {
                    assertThat(s[i]).isEqualTo(s[j]);
                } else if (cmp < 0) {
                    assertThat(s[i]).isLessThanOrEqualTo(s[j]);
                }
            }
        }
    }

    @Property
    void distinctValuesFillTheQuintilesEvenly(@ForAll @Size(min = 5, max = 300) @UniqueElements List<Integer> values) {
        int n = values.size();
        for (int count : counts(Quintiles.scores(values))) {
            assertThat(count).isBetween(n / 5, (n + 4) / 5);
        }
    }

    @Property
    void withTiesAQuintileIsOffByAtMostTheLargestGroup(@ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 20) Integer> values) {
        int n = values.size();
        Map<Integer, Integer> groups = new HashMap<>();
        values.forEach(v -> groups.merge(v, 1, Integer::sum));
        int largest = Collections.max(groups.values());
        for (int count : counts(Quintiles.scores(values))) {
            assertThat(Math.abs(count - n / 5.0)).isLessThanOrEqualTo(largest + 1.0);
        }
    }

    @Property
    void theOrderOfTheTransactionsDoesNotMatter(@ForAll("books") List<Transaction> book, @ForAll Random random) {
        List<Transaction> shuffled = new ArrayList<>(book);
        Collections.shuffle(shuffled, random);
        RfmQuery query = RfmQuery.asOf(AS_OF).within(RfmWindow.lastDays(45));

        assertThat(RfmCalculator.standard().compute(shuffled, query)).isEqualTo(RfmCalculator.standard().compute(book, query));
    }

    @Property
    void aMoreRecentFrequentOrValuableCustomerNeverScoresLower(@ForAll("books") List<Transaction> book) {
        List<CustomerRfm> customers = RfmCalculator.standard().compute(book, RfmQuery.asOf(AS_OF)).customers();
        for (CustomerRfm a : customers) {
            for (CustomerRfm b : customers) {
                if (a.recencyDays() < b.recencyDays()) {
                    assertThat(a.score().r()).isGreaterThanOrEqualTo(b.score().r());
                }
                if (a.frequency() > b.frequency()) {
                    assertThat(a.score().f()).isGreaterThanOrEqualTo(b.score().f());
                }
                if (a.monetary().compareTo(b.monetary()) > 0) {
                    assertThat(a.score().m()).isGreaterThanOrEqualTo(b.score().m());
                }
            }
        }
    }

    @Property
    void everyScoredCustomerBoughtAndIsInTheGridOnce(@ForAll("books") List<Transaction> book) {
        RfmResult result = RfmCalculator.standard().compute(book, RfmQuery.asOf(AS_OF));
        BigDecimal total = BigDecimal.ZERO;
        for (CustomerRfm c : result.customers()) {
            assertThat(c.frequency()).isPositive();
            assertThat(c.monetary()).isPositive();
            assertThat(c.recencyDays()).isNotNegative();
            assertThat(c.segment()).isEqualTo(SegmentMap.standard().segmentOf(c.score()));
            total = total.add(c.monetary());
        }
        assertThat(result.grid().cells().stream().mapToInt(RfmGrid.Cell::customers).sum()).isEqualTo(result.customers().size());
        assertThat(result.grid().cells().stream().map(RfmGrid.Cell::monetary).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(total);
        long customersSeen = book.stream().filter(t -> !t.date().isAfter(AS_OF)).map(Transaction::customerId).distinct().count();
        assertThat(result.customers().size() + result.skipped().customersWithoutPurchase() + result.skipped().customersWithoutValue())
                .isEqualTo((int) customersSeen);
    }

    @Property
    void brandsSplitTheBookWithoutLosingATransaction(@ForAll("books") List<Transaction> book) {
        RfmQuery query = RfmQuery.asOf(AS_OF);
        RfmResult north = RfmCalculator.standard().compute(book, query.forBrand("north"));
        RfmResult south = RfmCalculator.standard().compute(book, query.forBrand("south"));
        long unbranded = book.stream().filter(t -> t.brand().isEmpty()).count();

        assertThat(north.skipped().otherBrand() + south.skipped().otherBrand()).isEqualTo(book.size() + unbranded);
    }

    @Provide
    Arbitrary<List<Transaction>> books() {
        Arbitrary<Transaction> t = Combinators.combine(
                Arbitraries.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12"),
                Arbitraries.integers().between(-80, 5).map(AS_OF::plusDays),
                Arbitraries.integers().between(-5_000, 20_000).map(cents -> BigDecimal.valueOf(cents, 2)),
                Arbitraries.of("o1", "o2", "o3", "o4", "o5").optional(0.7),
                Arbitraries.of("north", "south").optional(0.8)
        ).as((c, d, a, o, b) -> new Transaction(c, d, a, o, b));
        return t.list().ofMaxSize(80);
    }

    private static int[] counts(int[] scores) {
        int[] counts = new int[5];
        for (int s : scores) {
            counts[s - 1]++;
        }
        return counts;
    }
}
