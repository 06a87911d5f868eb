package io.kith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.cli.models.CdnowReader;
import io.kith.cli.models.ClvCsv;
import io.kith.cli.transactions.TransactionColumns;
import io.kith.cli.transactions.TransactionReader;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.imports.CsvTable;
import io.kith.model.clv.BgNbd;
import io.kith.model.clv.ClvModel;
import io.kith.model.clv.ClvPrediction;
import io.kith.model.clv.ClvSettings;
import io.kith.model.clv.CustomerSummary;
import io.kith.model.clv.GammaGamma;
import io.kith.model.clv.HoldoutCheck;
import io.kith.model.clv.PurchaseHistory;
import io.kith.model.clv.TimeUnit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kith models clv}: fits BG/NBD and Gamma-Gamma on a transactions file up to a calibration end, prints the
 * parameters and log-likelihoods as JSON, writes P(alive), expected purchases, order value and CLV per customer, and
 * with a hold-out end compares the predicted with the actual purchases after calibration. See {@code docs/models.md}.
 */
@Command(name = "clv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit BG/NBD and Gamma-Gamma on a transactions file; print the fit as JSON on stdout and write per-customer "
                + "P(alive), churn risk, expected purchases in 30/90/365 days, expected order value and CLV to --out.",
            "CSV columns are found as for kith rfm (CustomerID/customer_id, InvoiceDate/date, TotalPrice/amount, ...); "
                + "--format cdnow reads Fader & Hardie's whitespace-separated CDNOW files. See docs/models.md."})
final class ClvCommand implements Callable<Integer> {
    enum Format { csv, cdnow }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--transactions", required = true, paramLabel = "FILE", description = "Transactions file (UTF-8).")
    Path transactions;

    @Option(names = "--calibration-end", required = true, paramLabel = "DATE",
            description = "Last day (YYYY-MM-DD, included) of the period the models are fitted on; customers first seen after it are left out.")
    LocalDate calibrationEnd;

    @Option(names = "--holdout-end", paramLabel = "DATE",
            description = "Also compare predicted with actual repeat purchases from the day after --calibration-end to this day (included).")
    LocalDate holdoutEnd;

    @Option(names = "--time-unit", paramLabel = "UNIT", defaultValue = "days",
            description = "Unit of recency, T and the fitted rates: days or weeks (default: ${DEFAULT-VALUE}).")
    String timeUnit;

    @Option(names = "--out", paramLabel = "FILE", description = "CSV of the predictions per customer, sorted by customer id.")
    Path out;

    @Option(names = "--horizon-months", paramLabel = "N", defaultValue = "12", description = "CLV horizon in months (default: ${DEFAULT-VALUE}).")
    int horizonMonths;

    @Option(names = "--discount-rate", paramLabel = "RATE", defaultValue = "0.01",
            description = "CLV discount rate per month (default: ${DEFAULT-VALUE}).")
    double discountRate;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv (a header row; columns as kith rfm finds them) or cdnow (whitespace-separated: customer, YYYYMMDD, CDs, dollars).")
    Format format;

    @Option(names = "--customer-column", paramLabel = "NAME", description = "Column of the customer id.")
    String customerColumn;

    @Option(names = "--date-column", paramLabel = "NAME", description = "Column of the date.")
    String dateColumn;

    @Option(names = "--amount-column", paramLabel = "NAME", description = "Column of the amount (negative for a return).")
    String amountColumn;

    @Option(names = "--quantity-column", paramLabel = "NAME", description = "With --price-column: the amount is quantity × price.")
    String quantityColumn;

    @Option(names = "--price-column", paramLabel = "NAME", description = "Column of the unit price.")
    String priceColumn;

    @Option(names = "--date-format", paramLabel = "PATTERN",
            description = "Java DateTimeFormatter pattern of the dates, such as M/d/yyyy H:mm (default: ISO dates and date-times).")
    String dateFormat;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "Field delimiter (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        TimeUnit unit = switch (timeUnit) {
            case "days" -> TimeUnit.DAYS;
            case "weeks" -> TimeUnit.WEEKS;
            default -> throw new KithException(ErrorCode.INVALID_ARGUMENT, "--time-unit must be days or weeks; got " + timeUnit);
        };
        ClvSettings settings = new ClvSettings(horizonMonths, discountRate);
        if (holdoutEnd != null && !holdoutEnd.isAfter(calibrationEnd)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "--holdout-end " + holdoutEnd + " must be after --calibration-end " + calibrationEnd);
        }
        PurchaseHistory history = read(err);
        List<CustomerSummary> customers = history.summarise(calibrationEnd, unit);
        if (customers.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, transactions + " has no purchase on or before " + calibrationEnd);
        }
        ClvModel model = ClvModel.fit(customers, unit);
        ObjectNode json = fitJson(model, customers.size(), settings);
        if (holdoutEnd != null) {
            Map<String, Integer> actual = history.holdoutPurchases(calibrationEnd, holdoutEnd);
            double length = unit.of(ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd));
            json.set("holdout", holdoutJson(HoldoutCheck.of(model.purchases().model(), customers, actual, length)));
        }
        if (out != null) {
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                ClvCsv.header(w);
                for (CustomerSummary c : customers) {
                    ClvCsv.row(c, model.score(c, settings), w);
                }
            } catch (IOException e) {
                throw cannot("write", out, e);
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        stdout.flush();
        err.printf("fitted %,d customers in %.1f s%s%n", customers.size(), (System.nanoTime() - started) / 1e9,
                out == null ? "" : "; predictions in " + out);
        err.flush();
        return 0;
    }

    private PurchaseHistory read(PrintWriter err) {
        PurchaseHistory history = new PurchaseHistory();
        String name = transactions.toString();
        LocalDate last = holdoutEnd != null ? holdoutEnd : calibrationEnd;
        try {
            if (format == Format.cdnow) {
                try (BufferedReader in = Files.newBufferedReader(transactions, StandardCharsets.UTF_8)) {
                    long n = CdnowReader.read(in, name, (c, d, a) -> {
                        if (!d.isAfter(last)) {
                            history.add(c, d, a);
                        }
                    });
                    err.printf("read %,d transactions of %s (CDNOW layout)%n", n, name);
                }
                return history;
            }
            try (InputStream in = Files.newInputStream(transactions); CsvTable table = TransactionReader.open(in, name, delimiter)) {
                TransactionColumns columns = TransactionColumns.find(table.header(), new TransactionColumns.Names(customerColumn, dateColumn,
                        amountColumn, quantityColumn, priceColumn, null, null), false, name);
                TransactionReader.Report report = new TransactionReader(columns, Optional.ofNullable(dateFormat)).read(table, name, t -> {
                    if (!t.date().isAfter(last)) {
                        history.add(t);
                    }
                });
                err.printf("read %,d rows of %s (%s)%n", report.rows(), name, columns.describe());
                report.skipped().forEach((why, n) -> err.printf("  skipped %,d rows %s%n", n, why.why()));
                report.examples().forEach(e -> err.println("    " + e));
            }
            return history;
        } catch (IOException e) {
            throw cannot("read", transactions, e);
        }
    }

    private ObjectNode fitJson(ClvModel model, int customers, ClvSettings settings) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("model_version", model.version().toString());
        json.put("calibration_end", calibrationEnd.toString());
        json.put("time_unit", model.unit().label());
        json.put("customers", customers);
        BgNbd.Fit b = model.purchases();
        ObjectNode bg = json.putObject("bg_nbd");
        bg.put("r", b.model().r()).put("alpha", b.model().alpha()).put("a", b.model().a()).put("b", b.model().b())
                .put("log_likelihood", b.logLikelihood()).put("customers", b.customers());
        GammaGamma.Fit g = model.spend();
        ObjectNode gg = json.putObject("gamma_gamma");
        gg.put("p", g.model().p()).put("q", g.model().q()).put("gamma", g.model().gamma()).put("log_likelihood", g.logLikelihood())
                .put("customers", g.customers()).put("population_mean_order_value", g.model().populationMean());
        json.putObject("clv").put("horizon_months", settings.horizonMonths()).put("monthly_discount_rate", settings.monthlyDiscountRate());
        return json;
    }

    private ObjectNode holdoutJson(HoldoutCheck check) {
        ObjectNode h = new ObjectMapper().createObjectNode();
        h.put("end", holdoutEnd.toString()).put("length", check.length()).put("customers", check.customers())
                .put("actual_repeat_purchases", check.actualTotal()).put("predicted_repeat_purchases", check.predictedTotal());
        ArrayNode buckets = h.putArray("by_calibration_frequency");
        for (HoldoutCheck.Bucket b : check.buckets()) {
            buckets.addObject().put("frequency", b.frequency()).put("customers", b.customers()).put("actual_mean", b.actualMean())
                    .put("predicted_mean", b.predictedMean());
        }
        return h;
    }

    private static KithException cannot(String what, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new KithException(ErrorCode.INVALID_ARGUMENT, "cannot " + what + " " + file + ": " + why, e);
    }
}
