package io.kith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.CardTokenizer;
import io.kith.imports.ImportMapping;
import io.kith.imports.ImportReport;
import io.kith.imports.Importer;
import io.kith.log.FileEventLog;
import io.kith.source.Source;
import io.kith.store.Store;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kith import FILE --mapping M --source ID}: appends a file's rows to the event log as events. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a CSV or JSON Lines file (POS, CRM, customer service, a Segment export) through a mapping file.",
            "Kith must not be serving the same data directory (stop it, or send the data over HTTP)."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The file to import.")
    Path file;

    @Option(names = "--mapping", required = true, description = "The mapping file (see docs/import.md), or 'segment' for Segment-format JSON Lines.")
    String mapping;

    @Option(names = "--source", required = true, description = "Id of the source the rows come from (see GET /api/v1/sources).")
    String sourceId;

    @Option(names = "--data", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @picocli.CommandLine.Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() throws Exception {
        ImportMapping m = loadMapping(mapping);
        try (Store store = Stores.open(this.store.location(data), data);
             FileEventLog log = FileEventLog.open(data.resolve("log"))) {
            Source source = store.sources().byId(sourceId).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND,
                    "no source with id \"" + sourceId + "\"; known: " + store.sources().all().stream().map(Source::id).toList()));
            CardTokenizer cards = new CardTokenizer(Secrets.cardTokenKey(data), KithApp.identityRules(data).cardFields());
            // Suppressed people's events are kept out here too, as at the collection API (the projector would drop them, but
            // the log would hold them).
            io.kith.privacy.Suppressions suppressions = Privacy.suppressions(data, store, KithApp.rules(data, store));
            ImportReport report = importFile(log, cards, suppressions, file, m, source, new ProgressBar(System.err));
            System.out.print(report.summary());
            System.out.println("the events are in the log; `kith serve` projects them into the store when it starts");
            return report.stoppedEarly() ? 2 : 0;
        }
    }

    static ImportMapping loadMapping(String mapping) throws java.io.IOException {
        if (mapping.equals("segment")) {
            return ImportMapping.segment();
        }
        try (InputStream in = Files.newInputStream(Path.of(mapping))) {
            return ImportMapping.read(in, mapping);
        }
    }

    static ImportReport importFile(io.kith.event.EventLog log, io.kith.identity.CardTokenizer cards, Path file, ImportMapping m, Source source,
                                   io.kith.imports.ImportProgress progress)
            throws java.io.IOException {
        return importFile(log, cards, null, file, m, source, progress);
    }

    /** @param suppressions the suppression gate (see {@link Privacy}); null to keep every event */
    static ImportReport importFile(io.kith.event.EventLog log, io.kith.identity.CardTokenizer cards, io.kith.privacy.Suppressions suppressions,
                                   Path file, ImportMapping m, Source source, io.kith.imports.ImportProgress progress)
            throws java.io.IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Importer importer = new Importer(log, new ObjectMapper(), Clock.systemUTC(), cards);
            if (suppressions != null) {
                importer.admitting(suppressions, suppressions::admitsRaw);
            }
            return importer
                    .run(in, Files.size(file), file.getFileName().toString(), m, source, progress);
        }
    }
}
