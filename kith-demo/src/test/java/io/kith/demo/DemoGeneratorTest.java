package io.kith.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoGeneratorTest {
    @TempDir
    Path dir;

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalFiles() throws IOException {
        DemoGenerator.generate(DemoSpec.of(150, 7), dir.resolve("a"));
        DemoGenerator.generate(DemoSpec.of(150, 7), dir.resolve("b"));
        List<Path> a = files(dir.resolve("a"));
        assertThat(a).extracting(p -> p.getFileName().toString()).contains("sources.json", "manifest.json", "truth.csv", "crm.csv",
                "pos-northwind.csv", "web-northwind.jsonl", "callcentre.csv", "pos.mapping.json");
        for (Path f : a) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f.getFileName()))).as(f.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void anotherSeedGivesOtherCustomers() throws IOException {
        DemoGenerator.generate(DemoSpec.of(50, 1), dir.resolve("a"));
        DemoGenerator.generate(DemoSpec.of(50, 2), dir.resolve("b"));
        assertThat(Files.readString(dir.resolve("a/crm.csv"))).isNotEqualTo(Files.readString(dir.resolve("b/crm.csv")));
    }

    @Test
    void truthNamesOnePersonPerIdentifierAndCoversTheLoyaltyCardsAndUserIdsInTheFiles() throws IOException {
        DemoManifest m = DemoGenerator.generate(DemoSpec.of(3000, 3), dir);
        List<String> truth = Files.readAllLines(m.truthFile());
        assertThat(truth.get(0)).isEqualTo("type,value,person_id");
        Set<String> identifiers = new HashSet<>();
        for (String line : truth.subList(1, truth.size())) {
            String[] cells = line.split(",");
            assertThat(cells).hasSize(3);
            assertThat(identifiers.add(cells[0] + "," + cells[1])).as("identifier %s belongs to one person", line).isTrue();
        }
        for (String row : Files.readAllLines(dir.resolve("pos-northwind.csv")).subList(1, 10)) {
            String card = row.split(",")[4];
            if (!card.isEmpty()) {
                assertThat(identifiers).contains("loyalty_card," + card);
            }
        }
        for (String row : Files.readAllLines(dir.resolve("crm.csv")).subList(1, 20)) {
            String user = row.split(",")[1];
            if (!user.isEmpty()) {
                assertThat(identifiers).contains("user_id," + user);
            }
        }
        assertThat(identifiers).noneMatch(i -> i.contains("test@test.com") || i.endsWith(",0000000000"));
        assertThat(m.events()).isGreaterThan(3000L * 40);
    }
}
