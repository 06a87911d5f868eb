package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kith rfm} on the UCI Online Retail data in {@code ../shared/datasets/online-retail-uci/} beside the project
 * (skipped where it is absent; never copied into the project). The expected values were computed apart from Kith:
 * with awk from the file, and the scores with a short Python script applying the documented quintile rule.
 */
class RfmOnlineRetailTest {
    private static final Path DATA = root().resolve("../shared/datasets/online-retail-uci").normalize();

    @TempDir
    Path dir;

    @Test
    void theInvoicesFile() throws Exception {
        Path file = DATA.resolve("online_retail.csv");
        Assumptions.assumeTrue(Files.isReadable(file), file + " is not here");
        Path out = dir.resolve("rfm.csv");

        RfmCommandTest.Run run = RfmCommandTest.rfm("--transactions", file.toString(), "--as-of", "2011-12-10", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 18,532 rows", "customer=CustomerID date=InvoiceDate amount=TotalPrice order=InvoiceNo",
                "scored 4,338 customers").doesNotContain("skipped");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.getFirst()).isEqualTo("customer_id,recency_days,frequency,monetary,r,f,m,segment");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        assertThat(rows).hasSize(4_338); // the datasets README: 4338 customers
        assertThat(rows).extracting(r -> r[0]).isSorted().doesNotHaveDuplicates();
        Map<String, String> byId = lines.stream().collect(Collectors.toMap(l -> l.split(",")[0], l -> l));
        // awk -F, '$3==12347{n++; s+=$4; if($2>d)d=$2} END{printf "%d %.2f %s\n", n, s, d}': 7 4310.00 2011-12-07
        assertThat(byId.get("12347")).isEqualTo("12347,3,7,4310.00,5,5,5,Champions");
        // One invoice of 77,183.60 on 2011-01-18 (the data's largest; its credit note is not in this file).
        assertThat(byId.get("12346")).isEqualTo("12346,326,1,77183.60,1,1,5,At Risk");
        // 34 invoices, the last on 2010-12-02.
        assertThat(byId.get("17850")).isEqualTo("17850,373,34,5391.21,1,5,5,Cannot Lose Them");
        assertThat(byId.get("14646")).isEqualTo("14646,2,73,280206.02,5,5,5,Champions");

        for (int column = 4; column <= 6; column++) {
            int c = column;
            assertThat(rows).allSatisfy(r -> assertThat(Integer.parseInt(r[c])).isBetween(1, 5));
        }
        // R and M have few ties: every quintile holds about 4,338 / 5 = 867.6 customers.
        assertThat(counts(rows, 4)).containsExactly(869, 858, 863, 880, 868);
        assertThat(counts(rows, 6)).containsExactly(868, 867, 868, 867, 868);
        // F: the 1,493 customers with one invoice (34%) all get 1; the 835 with two sit at positions 1,493-2,327, whose
        // middle is in the third quintile, so no customer gets F = 2.
        assertThat(counts(rows, 5)).containsExactly(1_493, 0, 1_343, 630, 872);
        assertThat(rows).filteredOn(r -> r[2].equals("1")).hasSize(1_493).allSatisfy(r -> assertThat(r[5]).isEqualTo("1"));
        assertThat(segments(rows)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("Champions", 652L), Map.entry("Loyal", 861L), Map.entry("Potential Loyalists", 459L),
                Map.entry("New Customers", 36L), Map.entry("Promising", 89L), Map.entry("Need Attention", 210L),
                Map.entry("About to Sleep", 304L), Map.entry("At Risk", 672L), Map.entry("Cannot Lose Them", 84L),
                Map.entry("Hibernating", 343L), Map.entry("Lost", 628L)));
    }

    @Test
    void theLinesSampleWithReturnsAndMissingCustomers() throws Exception {
        Path file = DATA.resolve("online_retail_lines_sample.csv");
        Assumptions.assumeTrue(Files.isReadable(file), file + " is not here");
        Path out = dir.resolve("rfm.csv");

        RfmCommandTest.Run run = RfmCommandTest.rfm("--transactions", file.toString(), "--as-of", "2011-12-10", "--out", out.toString(),
                "--date-format", "M/d/yyyy H:mm");

        // 2,709 lines; 668 have CustomerID NA. Of the 1,171 customers left, 18 have only credit-note lines and 6 return
        // as much as they bought.
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 2,709 rows", "amount=Quantity×UnitPrice order=InvoiceNo", "skipped 668 rows without a customer id",
                "scored 1,147 customers", "18 customers with only returns", "6 customers whose returns cancel their purchases");
        assertThat(Files.readAllLines(out)).hasSize(1_148).contains("12488,40,2,101.75,4,5,5,Loyal");
    }

    private static List<Integer> counts(List<String[]> rows, int column) {
        int[] counts = new int[5];
        rows.forEach(r -> counts[Integer.parseInt(r[column]) - 1]++);
        return Arrays.stream(counts).boxed().toList();
    }

    private static Map<String, Long> segments(List<String[]> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> r[7], Collectors.counting()));
    }

    /** The project root: the folder above this module's (Maven runs tests in the module's folder). */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }
}
