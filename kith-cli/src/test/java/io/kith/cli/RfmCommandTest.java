package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kith rfm} on a small shop whose every number is worked out by hand, and on broken input. */
class RfmCommandTest {
    @TempDir
    Path dir;

    /** What a run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @Test
    void scoresTheShopWithColumnsFoundByTheirUsualNames() throws Exception {
        Run run = rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out());

        assertThat(run.exit()).isZero();
        // Five customers: R by last purchase g, h, b, c, a: 1 to 5. F: four bought once (middle 2 of 5, F = 2), a twice.
        // M: h 5.50, b 10, c 50 (80 less a 30 credit note), g 70, a 150: 1 to 5. "h" bought at 23:30 +02:00 on
        // 2023-12-31, the day as written: 31 days.
        assertThat(Files.readString(Path.of(out()))).isEqualTo("""
                customer_id,recency_days,frequency,monetary,r,f,m,segment
                a,1,2,150.00,5,5,5,Champions
                b,30,1,10.00,3,2,2,About to Sleep
                c,11,1,50.00,4,2,3,Potential Loyalists
                g,244,1,70.00,1,2,4,At Risk
                "h, the second",31,1,5.50,2,2,1,Hibernating
                """);
        assertThat(run.err()).contains("read 13 rows", "customer=Customer ID date=Order Date amount=Revenue order=Order No",
                "skipped 1 rows without a customer id", "left out 1 transactions after 2024-01-31", "scored 5 customers",
                "1 customers with only returns", "1 customers whose returns cancel their purchases");
    }

    @Test
    void oneBrand() throws Exception {
        Run run = rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--brand", "north");

        assertThat(run.exit()).isZero();
        assertThat(Files.readString(Path.of(out()))).isEqualTo("""
                customer_id,recency_days,frequency,monetary,r,f,m,segment
                a,1,2,130.00,5,5,5,Champions
                b,30,1,10.00,3,2,3,Need Attention
                "h, the second",31,1,5.50,1,2,1,Lost
                """);
        assertThat(run.err()).contains("brand=Brand", "left out 4 transactions of other brands");
    }

    @Test
    void aWindowAndTheGrid() throws Exception {
        Path grid = dir.resolve("grid.csv");
        Run run = rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--window-days", "30", "--grid", grid.toString());

        assertThat(run.exit()).isZero();
        assertThat(Files.readAllLines(Path.of(out()))).extracting(l -> l.split(",")[0]).containsExactly("customer_id", "a", "c");
        List<String> cells = Files.readAllLines(grid);
        assertThat(cells).hasSize(26).startsWith("r,fm,segment,customers,monetary", "5,1,New Customers,0,0.00")
                .contains("4,4,Loyal,1,150.00", "2,2,Hibernating,1,50.00");
        assertThat(run.err()).contains("older than the last 30 days");
    }

    @Test
    void columnsNamedOnTheCommandLineAndACustomSegmentMap() throws Exception {
        Path file = write("tx.csv", """
                who;when;paid
                x;01/02/2024;10
                y;15/01/2024;20
                """);
        Path map = write("map.txt", """
                Recent = 4-5:*
                Earlier = 1-3:*
                """);
        Run run = rfm("--transactions", file.toString(), "--delimiter", ";", "--customer-column", "WHO", "--date-column", "when",
                "--amount-column", "paid", "--date-format", "dd/MM/yyyy", "--as-of", "2024-02-01", "--out", out(), "--segments", map.toString());

        assertThat(run.err()).contains("order=(none: each row is an order)");
        assertThat(Files.readString(Path.of(out()))).isEqualTo("""
                customer_id,recency_days,frequency,monetary,r,f,m,segment
                x,0,1,10.00,4,3,2,Recent
                y,17,1,20.00,2,3,4,Earlier
                """);
    }

    @Test
    void quantityTimesPriceWhenThereIsNoAmount() throws Exception {
        Path file = write("lines.csv", """
                InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
                1,A,2,2011-12-01,1.25,7
                1,B,3,2011-12-01,0.5,7
                C2,A,-1,2011-12-02,1.25,7
                3,A,1,2011-12-03,9.99,NA
                """);
        Run run = rfm("--transactions", file.toString(), "--as-of", "2011-12-10", "--out", out());

        assertThat(run.err()).contains("amount=Quantity×UnitPrice", "skipped 1 rows without a customer id");
        assertThat(Files.readAllLines(Path.of(out()))).containsExactly("customer_id,recency_days,frequency,monetary,r,f,m,segment",
                "7,9,1,2.75,3,3,3,Need Attention");
    }

    @Test
    void anUnknownColumnListsTheHeader() throws Exception {
        Run run = rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--amount-column", "Total");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("kith: --amount-column Total: ").contains("has no such column",
                "Its header: Customer ID, Order Date, Revenue, Order No, Brand").doesNotContain("Exception");
    }

    @Test
    void aColumnThatCannotBeFoundSaysWhatWasLookedFor() throws Exception {
        Path file = write("tx.csv", "id,day,amount\n1,2024-01-01,5\n");
        Run run = rfm("--transactions", file.toString(), "--as-of", "2024-01-31", "--out", out());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("has no customer id column (looked for customerid, customer", "--customer-column",
                "Its header: id, day, amount");
    }

    @Test
    void badRowsAreSkippedAndShownWithTheirLines() throws Exception {
        Path file = write("tx.csv", "customer,date,amount\n"
                + "a,2024-01-01,5\n"
                + "b,2024-13-01,5\n"
                + "c,yesterday,5\n"
                + "d,2024-01-02,1,234.50\n"
                + "e,2024-01-02,1e999999999\n"
                + "f,2024-01-02,\n"
                + "g\u0000,2024-01-02,5\n"
                + "h,2024-01-03T25:00,5\n");
        Run run = rfm("--transactions", file.toString(), "--as-of", "2024-01-31", "--out", out());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("read 8 rows", "skipped 3 rows without a readable date", "skipped 2 rows without a readable amount",
                "skipped 2 rows that could not be read", "line 3: date is \"2024-13-01\"", "line 5: the row has 4 fields, the header 3",
                "line 6: amount is \"1e999999999\"", "scored 1 customers").doesNotContain("line 9");
        assertThat(Files.readAllLines(Path.of(out()))).hasSize(2);
    }

    @Test
    void aQuoteThatNeverClosesStopsWithItsLine() throws Exception {
        Path file = write("tx.csv", "customer,date,amount\na,2024-01-01,5\n\"b,2024-01-01,5\nc,2024-01-01,5\n");
        Run run = rfm("--transactions", file.toString(), "--as-of", "2024-01-31", "--out", out());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("kith: ").contains("line 3", "never closes").doesNotContain("Exception");
        assertThat(Path.of(out())).doesNotExist();
    }

    @Test
    void missingFilesAndBadOptionsAreClearErrors() throws Exception {
        assertThat(rfm("--transactions", dir.resolve("none.csv").toString(), "--as-of", "2024-01-31", "--out", out()).err())
                .isEqualTo("kith: cannot read " + dir.resolve("none.csv") + ": no such file\n");
        assertThat(rfm("--transactions", fixture(), "--as-of", "31/01/2024", "--out", out()).err()).contains("--as-of", "31/01/2024")
                .doesNotContain("at io.kith");
        assertThat(rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--window-days", "0").err())
                .isEqualTo("kith: an RFM window is from 1 to 36500 days; got 0\n");
        assertThat(rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--window-days", "36501").err())
                .isEqualTo("kith: an RFM window is from 1 to 36500 days; got 36501\n");
        Path map = write("map.txt", "Everyone = 1-4:*\n");
        assertThat(rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--segments", map.toString()).err())
                .contains("every R:FM cell needs a segment", "5:1");
        assertThat(rfm("--transactions", write("empty.csv", "").toString(), "--as-of", "2024-01-31", "--out", out()).err())
                .contains("is empty");
        assertThat(rfm("--transactions", fixture(), "--as-of", "2024-01-31", "--out", out(), "--date-format", "yyyy-MM-dd{").err())
                .startsWith("kith: --date-format yyyy-MM-dd{: not a date pattern");
        Run timeOnly = rfm("--transactions", write("t.csv", "customer,date,amount\na,10:15,5\n").toString(), "--as-of", "2024-01-31",
                "--out", out(), "--date-format", "HH:mm");
        assertThat(timeOnly.exit()).isZero();
        assertThat(timeOnly.err()).contains("skipped 1 rows without a readable date");
    }

    @Test
    void aBrandWithoutABrandColumnIsAnError() throws Exception {
        Path file = write("tx.csv", "customer,date,amount\na,2024-01-01,5\n");
        Run run = rfm("--transactions", file.toString(), "--as-of", "2024-01-31", "--out", out(), "--brand", "north");

        assertThat(run.err()).contains("has no brand column", "--brand-column");
    }

    static Run rfm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("rfm"));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private String fixture() throws Exception {
        return Path.of(getClass().getResource("/rfm/shop.csv").toURI()).toString();
    }

    private String out() {
        return dir.resolve("rfm.csv").toString();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
