package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** An engine's migration scripts: a script in the folder but not in the list is never applied (it happened once). */
public final class SchemaScripts {
    private SchemaScripts() {
    }

    /** Fails unless {@code listed} names every {@code V<n>__*.sql} of {@code folder}, in the order of their numbers. */
    public static void assertEveryScriptListed(Path folder, List<String> listed) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))).toList();
            assertThat(listed).as("the scripts of " + folder).isEqualTo(names);
        }
    }
}
