package io.kith.cli;

import io.kith.cli.rfm.RfmCsv;
import io.kith.cli.transactions.TransactionColumns;
import io.kith.cli.transactions.TransactionReader;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.imports.CsvTable;
import io.kith.rfm.RfmCalculator;
import io.kith.rfm.RfmGrid;
import io.kith.rfm.RfmQuery;
import io.kith.rfm.RfmResult;
import io.kith.rfm.RfmWindow;
import io.kith.rfm.SegmentMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kith rfm}: recency, frequency and monetary value per customer from any transactions CSV, scored 1 to 5
 * and named by segment. The rules are {@link RfmCalculator}'s; see {@code docs/rfm.md}.
 */
@Command(name = "rfm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score customers by recency, frequency and monetary value (RFM) from a transactions CSV and write "
                + "customer_id,recency_days,frequency,monetary,r,f,m,segment, sorted by customer id.",
            "Columns named CustomerID/customer_id, InvoiceDate/order_date/date, TotalPrice/amount/revenue and "
                + "InvoiceNo/order_id are found without options. See docs/rfm.md."})
final class RfmCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--transactions", required = true, paramLabel = "FILE", description = "Transactions CSV with a header row (UTF-8).")
    Path transactions;

    @Option(names = "--as-of", required = true, paramLabel = "DATE",
            description = "The day the analysis is as of (YYYY-MM-DD), included: a purchase that day is 0 days old; later ones are left out.")
    LocalDate asOf;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
    Path out;

    @Option(names = "--window-days", paramLabel = "N",
            description = "Count only the N days that end with the as-of day (default: every day up to it).")
    Integer windowDays;

    @Option(names = "--brand", paramLabel = "BRAND", description = "Count only this brand's transactions (exact match).")
    String brand;

    @Option(names = "--segments", paramLabel = "FILE", description = "Segment map replacing the standard one (see docs/rfm.md).")
    Path segments;

    @Option(names = "--grid", paramLabel = "FILE", description = "Also write the R × FM grid: r,fm,segment,customers,monetary.")
    Path grid;

    @Option(names = "--customer-column", paramLabel = "NAME", description = "Column of the customer id.")
    String customerColumn;

    @Option(names = "--date-column", paramLabel = "NAME", description = "Column of the date.")
    String dateColumn;

    @Option(names = "--amount-column", paramLabel = "NAME", description = "Column of the amount (negative for a return).")
    String amountColumn;

    @Option(names = "--order-column", paramLabel = "NAME",
            description = "Column of the order (invoice) id; without one, every row is an order of its own.")
    String orderColumn;

    @Option(names = "--quantity-column", paramLabel = "NAME", description = "With --price-column: the amount is quantity × price.")
    String quantityColumn;

    @Option(names = "--price-column", paramLabel = "NAME", description = "Column of the unit price.")
    String priceColumn;

    @Option(names = "--brand-column", paramLabel = "NAME", description = "Column of the brand (default: one named brand, when --brand is given).")
    String brandColumn;

    @Option(names = "--date-format", paramLabel = "PATTERN",
            description = "Java DateTimeFormatter pattern of the dates, such as M/d/yyyy H:mm (default: ISO dates and date-times).")
    String dateFormat;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "Field delimiter (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        SegmentMap map = segments == null ? SegmentMap.standard() : SegmentMap.parse(read(segments, 64 * 1024), segments.toString());
        RfmQuery query = new RfmQuery(asOf, windowDays == null ? RfmWindow.all() : RfmWindow.lastDays(windowDays), Optional.ofNullable(brand));
        RfmCalculator.Accumulator acc = new RfmCalculator(map).start(query);
        String name = transactions.toString();
        TransactionColumns columns;
        TransactionReader.Report report;
        try (InputStream in = Files.newInputStream(transactions); CsvTable table = TransactionReader.open(in, name, delimiter)) {
            columns = TransactionColumns.find(table.header(), new TransactionColumns.Names(customerColumn, dateColumn, amountColumn,
                    quantityColumn, priceColumn, orderColumn, brandColumn), brand != null, name);
            report = new TransactionReader(columns, Optional.ofNullable(dateFormat)).read(table, name, acc::add);
        } catch (IOException e) {
            throw cannot("read", transactions, e);
        }
        RfmResult result = acc.finish();
        write(out, w -> RfmCsv.customers(result, w));
        if (grid != null) {
            write(grid, w -> RfmCsv.grid(result, w));
        }
        report(err, name, columns, report, result);
        err.printf("wrote %,d customers to %s in %.1f s%n", result.customers().size(), out, (System.nanoTime() - started) / 1e9);
        err.flush();
        return 0;
    }

    private void report(PrintWriter err, String name, TransactionColumns columns, TransactionReader.Report report, RfmResult result) {
        err.printf("read %,d rows of %s (%s)%n", report.rows(), name, columns.describe());
        for (Map.Entry<TransactionReader.Skip, Long> e : new java.util.TreeMap<>(report.skipped()).entrySet()) {
            err.printf("  skipped %,d rows %s%n", e.getValue(), e.getKey().why());
        }
        for (String example : report.examples()) {
            err.println("    " + example);
        }
        RfmResult.Skipped s = result.skipped();
        if (s.afterAsOf() > 0) {
            err.printf("  left out %,d transactions after %s%n", s.afterAsOf(), asOf);
        }
        if (s.outsideWindow() > 0) {
            err.printf("  left out %,d transactions older than %s%n", s.outsideWindow(), result.query().window());
        }
        if (s.otherBrand() > 0) {
            err.printf("  left out %,d transactions of other brands or none%n", s.otherBrand());
        }
        err.printf("scored %,d customers as of %s (%s%s)%n", result.customers().size(), asOf, result.query().window(),
                brand == null ? "" : ", brand " + brand);
        if (s.customersWithoutPurchase() > 0) {
            err.printf("  not scored: %,d customers with only returns%n", s.customersWithoutPurchase());
        }
        if (s.customersWithoutValue() > 0) {
            err.printf("  not scored: %,d customers whose returns cancel their purchases%n", s.customersWithoutValue());
        }
        bands(err, "R", "days", result.bands().recencyDays());
        bands(err, "F", "orders", result.bands().frequency());
        bands(err, "M", "", result.bands().monetary());
        for (RfmGrid.SegmentTotal t : result.grid().segments(result.segmentMap())) {
            err.printf("  %-20s %,7d customers %16s%n", t.segment(), t.customers(), RfmCsv.money(t.monetary()));
        }
    }

    /** "R 1: 264-374 days (869), ...": the quintile boundaries as found. */
    private static void bands(PrintWriter err, String metric, String unit, java.util.List<RfmResult.Band> bands) {
        StringBuilder sb = new StringBuilder("  " + metric + " ");
        for (RfmResult.Band b : bands) {
            String low = metric.equals("M") ? RfmCsv.money(b.lowest()) : b.lowest().toPlainString();
            String high = metric.equals("M") ? RfmCsv.money(b.highest()) : b.highest().toPlainString();
            sb.append(b.score() == bands.getFirst().score() ? "" : ", ").append(b.score()).append(": ")
                    .append(low.equals(high) ? low : low + "-" + high).append(unit.isEmpty() ? "" : " " + unit)
                    .append(String.format(" (%,d)", b.customers()));
        }
        err.println(sb);
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static void write(Path file, Body body) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            body.write(w);
        } catch (IOException e) {
            throw cannot("write", file, e);
        }
    }

    private static String read(Path file, int maxBytes) {
        try {
            if (Files.size(file) > maxBytes) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, file + " has " + Files.size(file) + " bytes; a segment map may have at most "
                        + maxBytes);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannot("read", file, e);
        }
    }

    private static KithException cannot(String what, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new KithException(ErrorCode.INVALID_ARGUMENT, "cannot " + what + " " + file + ": " + why, e);
    }
}
