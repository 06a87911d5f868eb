package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.imports.ImportReport;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.testkit.InMemoryEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every demo file imports through its mapping, and only the rows broken on purpose are rejected. */
class DemoDataIT {
    @TempDir
    Path dir;

    @Test
    void everyFileImportsWithOnlyTheIntendedRejections() throws Exception {
        DemoManifest m = DemoGenerator.generate(DemoSpec.of(600, 11), dir);
        InMemoryEventLog log = new InMemoryEventLog();
        long accepted = 0;
        for (DemoManifest.DataFile f : m.files()) {
            Source source = new Source(f.sourceId(), f.sourceId(), "northwind", SourceKind.OTHER, "GB", "wk_" + f.sourceId());
            ImportReport report = ImportCommand.importFile(log, null, dir.resolve(f.file()),
                    ImportCommand.loadMapping(f.mapping().equals("segment") ? "segment" : dir.resolve(f.mapping()).toString()),
                    source, io.kith.imports.ImportProgress.NONE);
            List<String> lines = Files.readAllLines(dir.resolve(f.file()));
            long intended = switch (f.file()) {
                case "crm.csv" -> lines.stream().filter(l -> l.endsWith(",last tuesday")).count();
                case "pos-northwind.csv", "pos-freshmart.csv", "pos-bistro.csv" -> lines.stream().filter(l -> l.endsWith(",N/A")).count();
                default -> 0;
            };
            assertThat(report.rowsRejected()).as(f.file() + ": " + report.rejected()).isEqualTo(intended);
            assertThat(report.rowsRead()).isEqualTo(f.rows());
            accepted += report.eventsAccepted();
        }
        assertThat(accepted).isGreaterThan(20_000);
        assertThat(log.endSequence()).isGreaterThan(accepted / 4);
    }
}
