package io.kith.model.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Leave-last-purchase-out on the UCI Online Retail line sample in {@code ../shared/datasets/online-retail-uci/}
 * (a random ~0.5 % of the lines, so few customers have two items; skipped where absent, never copied). Items are
 * stock codes; every line with a customer and a positive quantity is a purchase.
 */
class OnlineRetailRecommendTest {
    @Test
    void leaveLastOutOnTheLineSample() throws Exception {
        Path file = root().resolve("../shared/datasets/online-retail-uci/online_retail_lines_sample.csv").normalize();
        Assumptions.assumeTrue(Files.isReadable(file), file + " is not here");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
        List<Interaction> in = new ArrayList<>();
        for (String line : Files.readAllLines(file).subList(1, 2710)) {
            List<String> v = fields(line);
            String customer = v.get(7);
            if (customer.isEmpty() || customer.equals("NA") || Integer.parseInt(v.get(4)) <= 0) {
                continue;
            }
            long time = LocalDateTime.parse(v.get(5), f).toEpochSecond(ZoneOffset.UTC);
            in.add(Interaction.purchase(customer, v.get(2), time));
        }
        LeaveLastOut e = LeaveLastOut.evaluate(in, ItemToItemSettings.defaults(), 10);
        System.out.println("online retail lines sample: " + in.size() + " purchases; " + e);
        assertThat(e.customers()).isPositive();
        assertThat(e.hitRate()).isBetween(0.0, 1.0);
    }

    /** One CSV line's fields; quoted fields may hold commas and doubled quotes. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }
}
