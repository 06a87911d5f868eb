package io.kith.cli;

import io.kith.testkit.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.identity.Identifier;
import io.kith.imports.ImportProgress;
import io.kith.source.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kith store copy}: the demo data moved from DuckDB to PostgreSQL and back keeps every profile and its id. */
class StoreCopyIT {
    @TempDir
    Path dir;

    private static Map<Identifier, String> export(KithApp app) {
        Map<Identifier, String> out = new HashMap<>();
        app.identity().read(g -> {
            g.forEachIdentifier((p, id) -> out.put(id, p));
            return null;
        });
        return out;
    }

    private static String run(String... args) {
        CommandLine cl = Main.commandLine();
        PrintStreamCapture capture = new PrintStreamCapture();
        int code;
        try (capture) {
            code = cl.execute(args);
        }
        assertThat(code).as(capture.text()).isZero();
        return capture.text();
    }

    @Test
    void demoDataMovesToPostgresAndBackWithTheSameProfiles() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(TestStores.onPostgres(), "uses both stores itself; runs in the first pass");
        DemoManifest demo = DemoGenerator.generate(DemoSpec.of(120, 3), dir.resolve("demo"));
        Path data = dir.resolve("data");
        Map<Identifier, String> original;
        KithApp.Settings settings = new KithApp.Settings(data, "127.0.0.1", 0, RunningKith.ADMIN_KEY, demo.sourcesFile(),
                io.kith.event.IngestLimits.SEGMENT, 256L << 20, null);
        try (KithApp app = KithApp.start(settings)) {
            for (DemoManifest.DataFile f : demo.files()) {
                Source source = app.store().sources().byId(f.sourceId()).orElseThrow();
                ImportCommand.importFile(app.log(), app.cards(), dir.resolve("demo").resolve(f.file()),
                        ImportCommand.loadMapping(f.mapping().equals("segment") ? "segment" : dir.resolve("demo").resolve(f.mapping()).toString()),
                        source, ImportProgress.NONE);
            }
            assertThat(app.projector().awaitApplied(app.log().endSequence(), Duration.ofSeconds(60))).isTrue();
            app.store().apiKeys().create("service desk", java.util.Set.of(io.kith.access.Scope.PROFILES_READ));
            original = export(app);
        }
        String postgres = TestPostgres.newDatabase();
        assertThat(run("store", "copy", "--from", data.toString(), "--to", postgres)).contains("verified: identical profile exports");
        try (KithApp onPostgres = KithApp.start(settings.withStore(postgres))) {
            onPostgres.identity().catchUp(onPostgres.store().events());
            assertThat(export(onPostgres)).isEqualTo(original);
            assertThat(onPostgres.store().apiKeys().all()).extracting(k -> k.name()).containsExactly("service desk");
            assertThat(onPostgres.projector().appliedSequence()).isEqualTo(onPostgres.log().endSequence());
        }
        Path back = dir.resolve("back");
        assertThat(run("store", "copy", "--from", postgres, "--to", back.toString(), "--data", data.toString()))
                .contains("verified: identical profile exports");
        try (KithApp onDuckDbAgain = KithApp.start(settings.withStore(back.resolve("kith.duckdb").toString()))) {
            assertThat(export(onDuckDbAgain)).isEqualTo(original);
        }
    }

    /** Captures what a command prints on System.out. */
    private static final class PrintStreamCapture implements AutoCloseable {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final java.io.PrintStream previous = System.out;

        PrintStreamCapture() {
            System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        }

        String text() {
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setOut(previous);
        }
    }
}
