package io.kith.rfm;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Computes recency, frequency and monetary value per customer from transactions, scores them 1 to 5 by quintiles
 * and names each customer's segment. Pure: no I/O and no clock; the result depends only on the transactions (in
 * any order), the query and the segment map. Thread-safe; an {@link Accumulator} is not.
 *
 * <p>The rules, for a customer's transactions in the window (and of the brand, if the query names one):
 * <ul>
 *   <li>An <em>order</em> is the rows sharing an order id; a row without one is an order of its own. Its total is
 *       the sum of its rows, its day the earliest of theirs.</li>
 *   <li>A <em>purchase</em> is an order with a positive total. An order that totals zero or less (a credit note such
 *       as the Online Retail data's "C" invoices, or an order returned whole under its own id) is not one.</li>
 *   <li>Frequency counts purchases; recency is the days from the last purchase to the as-of day.</li>
 *   <li>Monetary is the sum of every amount, returns included, so a return lowers it whether or not it shares
 *       its purchase's order id.</li>
 *   <li>A customer without a purchase, or whose returns bring monetary to zero or less, is not scored, only
 *       counted in {@link RfmResult.Skipped}: they are not customers of the period in any useful sense, and a
 *       negative monetary value would drag the quintile boundaries of everyone else.</li>
 *   <li>Scores come from {@link Quintiles} over the scored customers: R by last purchase (more recent, higher),
 *       F by frequency, M by monetary.</li>
 * </ul>
 */
public final class RfmCalculator {
    private final SegmentMap segments;

    public RfmCalculator(SegmentMap segments) {
        this.segments = Objects.requireNonNull(segments, "segments");
    }

    /** A calculator with the {@linkplain SegmentMap#standard() standard} segments. */
    public static RfmCalculator standard() {
        return new RfmCalculator(SegmentMap.standard());
    }

    public RfmResult compute(Iterable<Transaction> transactions, RfmQuery query) {
        Accumulator a = start(query);
        transactions.forEach(a::add);
        return a.finish();
    }

    /** An accumulator for transactions streamed one at a time (a file larger than memory holds as records). */
    public Accumulator start(RfmQuery query) {
        return new Accumulator(Objects.requireNonNull(query, "query"));
    }

    /** Takes transactions one at a time; holds one total per customer and per order. Not thread-safe. */
    public final class Accumulator {
        private final RfmQuery query;
        private final Map<String, CustomerState> customers = new HashMap<>();
        private long afterAsOf;
        private long outsideWindow;
        private long otherBrand;
        private boolean finished;

        private Accumulator(RfmQuery query) {
            this.query = query;
        }

        public void add(Transaction t) {
            if (finished) {
                throw new IllegalStateException("the accumulator has finished");
            }
            if (query.brand().isPresent() && !query.brand().equals(t.brand())) {
                otherBrand++;
                return;
            }
            if (t.date().isAfter(query.asOf())) {
                afterAsOf++;
                return;
            }
            if (!query.window().contains(t.date(), query.asOf())) {
                outsideWindow++;
                return;
            }
            customers.computeIfAbsent(t.customerId(), id -> new CustomerState()).add(t);
        }

        public RfmResult finish() {
            finished = true;
            List<Measured> measured = new ArrayList<>();
            int withoutPurchase = 0;
            int withoutValue = 0;
            for (Map.Entry<String, CustomerState> e : new TreeMap<>(customers).entrySet()) {
                CustomerState s = e.getValue();
                s.closeOrders();
                if (s.purchases == 0) {
                    withoutPurchase++;
                } else if (s.monetary.signum() <= 0) {
                    withoutValue++;
                } else {
                    measured.add(new Measured(e.getKey(), s.lastPurchase, ChronoUnit.DAYS.between(s.lastPurchase, query.asOf()),
                            s.purchases, s.monetary));
                }
            }
            int[] r = Quintiles.scores(measured.stream().map(Measured::lastPurchase).toList());
            int[] f = Quintiles.scores(measured.stream().map(Measured::frequency).toList());
            int[] m = Quintiles.scores(measured.stream().map(Measured::monetary).toList());
            List<CustomerRfm> scored = new ArrayList<>(measured.size());
            for (int i = 0; i < measured.size(); i++) {
                Measured c = measured.get(i);
                RfmScore score = new RfmScore(r[i], f[i], m[i]);
                scored.add(new CustomerRfm(c.customerId, c.lastPurchase, c.recencyDays, c.frequency, c.monetary, score,
                        segments.segmentOf(score)));
            }
            RfmResult.Bands bands = new RfmResult.Bands(
                    bands(scored, c -> c.score().r(), c -> BigDecimal.valueOf(c.recencyDays())),
                    bands(scored, c -> c.score().f(), c -> BigDecimal.valueOf(c.frequency())),
                    bands(scored, c -> c.score().m(), CustomerRfm::monetary));
            return new RfmResult(query, scored, RfmGrid.of(scored, segments), bands,
                    new RfmResult.Skipped(afterAsOf, outsideWindow, otherBrand, withoutPurchase, withoutValue), segments);
        }
    }

    private static List<RfmResult.Band> bands(List<CustomerRfm> customers, Function<CustomerRfm, Integer> score,
                                              Function<CustomerRfm, BigDecimal> value) {
        int[] counts = new int[5];
        BigDecimal[] low = new BigDecimal[5];
        BigDecimal[] high = new BigDecimal[5];
        for (CustomerRfm c : customers) {
            int s = score.apply(c) - 1;
            BigDecimal v = value.apply(c);
            counts[s]++;
            low[s] = low[s] == null || v.compareTo(low[s]) < 0 ? v : low[s];
            high[s] = high[s] == null || v.compareTo(high[s]) > 0 ? v : high[s];
        }
        List<RfmResult.Band> bands = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            if (counts[s] > 0) {
                bands.add(new RfmResult.Band(s + 1, counts[s], low[s], high[s]));
            }
        }
        return bands;
    }

    private record Measured(String customerId, LocalDate lastPurchase, long recencyDays, int frequency, BigDecimal monetary) {
    }

    /** One order's running total and earliest day. */
    private static final class Order {
        BigDecimal total = BigDecimal.ZERO;
        LocalDate day;

        void add(Transaction t) {
            total = total.add(t.amount());
            day = day == null || t.date().isBefore(day) ? t.date() : day;
        }
    }

    /** One customer's totals; rows without an order id are settled as they come, orders when the input ends. */
    private static final class CustomerState {
        final Map<String, Order> orders = new HashMap<>();
        BigDecimal monetary = BigDecimal.ZERO;
        int purchases;
        LocalDate lastPurchase;

        void add(Transaction t) {
            monetary = monetary.add(t.amount());
            if (t.orderId().isPresent()) {
                orders.computeIfAbsent(t.orderId().get(), o -> new Order()).add(t);
            } else if (t.amount().signum() > 0) {
                purchase(t.date());
            }
        }

        void closeOrders() {
            for (Order o : orders.values()) {
                if (o.total.signum() > 0) {
                    purchase(o.day);
                }
            }
            orders.clear();
        }

        private void purchase(LocalDate day) {
            purchases++;
            lastPurchase = lastPurchase == null || day.isAfter(lastPurchase) ? day : lastPurchase;
        }
    }
}
