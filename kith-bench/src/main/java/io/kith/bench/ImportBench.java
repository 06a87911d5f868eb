package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.imports.ImportMapping;
import io.kith.imports.ImportProgress;
import io.kith.imports.ImportReport;
import io.kith.imports.Importer;
import io.kith.log.FileEventLog;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Bulk import of a CRM-like CSV into the durable log: rows per second, end to end from file to fsync. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Bulk CSV import rate into the durable event log.")
final class ImportBench implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000")
    int rows;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    private static final String MAPPING = """
            {"type": "identify", "messageId": "crm-{crm_id}", "userId": "{user_id}",
             "timestamp": {"column": "updated_at", "type": "timestamp"},
             "traits": {"email": "{email}", "phone": "{phone}", "first_name": "{first_name}", "last_name": "{last_name}",
                        "lifetime_value": {"column": "ltv", "type": "number"}},
             "externalIds": [{"type": "crm_id", "id": "{crm_id}"}]}""";

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kith-import-bench");
        Path csv = dir.resolve("crm.csv");
        SplittableRandom r = new SplittableRandom(5);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("crm_id,user_id,email,phone,first_name,last_name,ltv,updated_at\n");
            for (int i = 0; i < rows; i++) {
                w.write(String.format(Locale.ROOT, "CRM-%d,u%d,person%d@example.com,07%09d,Alex,Smith%d,%.2f,2025-%02d-%02dT10:%02d:00Z%n",
                        i, i, i, 400_000_000 + i, r.nextInt(100), r.nextInt(100_000) / 100.0, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(60)));
            }
        }
        System.out.printf("file: %,d rows, %,d bytes%n", rows, Files.size(csv));
        ImportMapping mapping = ImportMapping.read(new ByteArrayInputStream(MAPPING.getBytes(StandardCharsets.UTF_8)), "bench");
        Source source = new Source("src_crm", "CRM", "bench", SourceKind.CRM, "GB", "wk_crm");
        for (int run = 1; run <= runs; run++) {
            try (FileEventLog log = FileEventLog.open(dir.resolve("log-" + run)); InputStream in = Files.newInputStream(csv)) {
                ImportReport report = new Importer(log, new ObjectMapper(), Clock.systemUTC()).run(in, Files.size(csv), "crm.csv", mapping, source,
                        ImportProgress.NONE);
                System.out.printf("run %d: %,d rows, %,d accepted in %.2f s = %,.0f rows/s (log: %,d records)%n", run, report.rowsRead(),
                        report.eventsAccepted(), report.elapsed().toMillis() / 1000.0, report.rowsPerSecond(), log.endSequence());
            }
        }
        return 0;
    }
}
