package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kith models clv} on the CDNOW 1/10 sample in {@code ../shared/datasets/cdnow/} beside the project (skipped
 * where it is absent; never copied into the project), in its own layout and converted to a CSV.
 */
class ClvCommandTest {
    private static final Path DATA = root().resolve("../shared/datasets/cdnow").normalize();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    @Test
    void fitsTheCdnowSampleAsThePaper() throws Exception {
        Path sample = sample();
        Path out = dir.resolve("clv.csv");

        Run run = models("clv", "--transactions", sample.toString(), "--format", "cdnow", "--calibration-end", "1997-09-30",
                "--holdout-end", "1998-06-30", "--time-unit", "weeks", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        // Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
        assertThat(json.at("/bg_nbd/r").asDouble()).isCloseTo(0.243, within(0.001));
        assertThat(json.at("/bg_nbd/alpha").asDouble()).isCloseTo(4.414, within(0.005));
        assertThat(json.at("/bg_nbd/a").asDouble()).isCloseTo(0.793, within(0.002));
        assertThat(json.at("/bg_nbd/b").asDouble()).isCloseTo(2.426, within(0.005));
        assertThat(json.at("/bg_nbd/log_likelihood").asDouble()).isCloseTo(-9582.4, within(0.1));
        // lifetimes' documentation: p 6.25, q 3.74, v 15.45 on 946 customers, from zbar rounded to cents; from the
        // transactions' own means: 6.2496, 3.7442, 15.4435.
        assertThat(json.at("/gamma_gamma/p").asDouble()).isCloseTo(6.25, within(0.01));
        assertThat(json.at("/gamma_gamma/q").asDouble()).isCloseTo(3.74, within(0.01));
        assertThat(json.at("/gamma_gamma/gamma").asDouble()).isCloseTo(15.44, within(0.02));
        assertThat(json.at("/gamma_gamma/customers").asInt()).isEqualTo(946);
        // awk '$3>19970930 && $3<=19980630 {k=$2" "$3; if(!(k in s)){s[k]=1;n++}} END{print n}' CDNOW_sample.txt: 1882
        assertThat(json.at("/holdout/actual_repeat_purchases").asDouble()).isEqualTo(1882);
        assertThat(json.at("/holdout/predicted_repeat_purchases").asDouble()).isBetween(1600.0, 1700.0);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2358);
        assertThat(lines.getFirst()).startsWith("customer_id,frequency,recency,T,monetary,p_alive,churn_risk");
        assertThat(lines.get(1)).startsWith("1,2,30.4286,38.8571,22.345,0.7266")
                .contains("2 repeat purchases over 30.4 of 38.9 weeks", json.get("model_version").asText());
    }

    @Test
    void aCsvWithUsualColumnNamesGivesTheSameFit() throws Exception {
        Path csv = dir.resolve("cdnow.csv");
        List<String> rows = new ArrayList<>(List.of("customer_id,date,amount"));
        for (String line : Files.readAllLines(sample())) {
            String[] f = line.trim().split("\\s+");
            rows.add(Integer.parseInt(f[1]) + "," + f[2].substring(0, 4) + "-" + f[2].substring(4, 6) + "-" + f[2].substring(6) + "," + f[4]);
        }
        Files.write(csv, rows);

        Run run = models("clv", "--transactions", csv.toString(), "--calibration-end", "1997-09-30", "--time-unit", "days");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("read 6,919 rows", "customer=customer_id date=date amount=amount");
        JsonNode json = new ObjectMapper().readTree(run.out());
        // The same fit in days: r and a, b unchanged, alpha 7 times the weekly one.
        assertThat(json.at("/bg_nbd/r").asDouble()).isCloseTo(0.243, within(0.001));
        assertThat(json.at("/bg_nbd/alpha").asDouble()).isCloseTo(4.414 * 7, within(0.05));
        assertThat(json.at("/bg_nbd/a").asDouble()).isCloseTo(0.793, within(0.002));
        assertThat(json.at("/time_unit").asText()).isEqualTo("days");
    }

    @Test
    void aHoldoutBeforeTheCalibrationEndIsAnError() throws Exception {
        Run run = models("clv", "--transactions", sample().toString(), "--format", "cdnow", "--calibration-end", "1997-09-30",
                "--holdout-end", "1997-09-01");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--holdout-end 1997-09-01 must be after --calibration-end 1997-09-30");
    }

    private static Path sample() {
        Path f = DATA.resolve("CDNOW_sample.txt");
        Assumptions.assumeTrue(Files.isReadable(f), f + " is not here");
        return f;
    }

    static Run models(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("models"));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }
}
