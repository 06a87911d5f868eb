package io.kith.model.clv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The CDNOW files in {@code ../shared/datasets/cdnow/} beside the project (lifetimes' copies of Fader &amp; Hardie's
 * data); a test using them is skipped where they are absent. Never copied into the project.
 */
final class CdnowData {
    static final Path DIR = root().resolve("../shared/datasets/cdnow").normalize();
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

    private CdnowData() {
    }

    /** The project root: the working directory, or its parent when Maven runs in the module's folder. */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }

    static Path file(String name) {
        Path f = DIR.resolve(name);
        Assumptions.assumeTrue(Files.isReadable(f), f + " is not here");
        return f;
    }

    /** cdnow_customers_summary.csv: ID,frequency,recency,T in weeks. */
    static List<CustomerSummary> summary() throws IOException {
        List<CustomerSummary> out = new ArrayList<>();
        for (String line : Files.readAllLines(file("cdnow_customers_summary.csv")).subList(1, 2358)) {
            String[] f = line.split(",");
            out.add(new CustomerSummary(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), 0));
        }
        return out;
    }

    /** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar. */
    static List<CustomerSummary> summaryWithSpend() throws IOException {
        List<CustomerSummary> out = new ArrayList<>();
        for (String line : Files.readAllLines(file("cdnow_customers_summary_with_transactions.csv")).subList(1, 2358)) {
            String[] f = line.split(",");
            int x = Integer.parseInt(f[1]);
            out.add(new CustomerSummary(f[0], x, Double.parseDouble(f[2]), Double.parseDouble(f[3]), x == 0 ? 0 : Double.parseDouble(f[4])));
        }
        return out;
    }

    /** CDNOW_sample.txt (master id, sample id, date, CDs, dollars) by the sample id. */
    static PurchaseHistory sample() throws IOException {
        PurchaseHistory h = new PurchaseHistory();
        for (String line : Files.readAllLines(file("CDNOW_sample.txt"))) {
            String[] f = line.trim().split("\\s+");
            h.add(Integer.toString(Integer.parseInt(f[1])), LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE), Double.parseDouble(f[4]));
        }
        return h;
    }
}
