package io.kith.cli;

import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.imports.ImportReport;
import io.kith.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kith serve}: runs Kith on its store (embedded DuckDB by default, or PostgreSQL) until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run Kith: the collection API, the admin API and the projections.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data", defaultValue = "data", description = "Data directory: the event log and the store (default: ${DEFAULT-VALUE}).")
    Path data;

    @picocli.CommandLine.Mixin
    StoreOption store = new StoreOption();

    @Option(names = "--sources", description = "A sources file ({\"sources\":[...]}) loaded at every start.")
    Path sourcesFile;

    @Option(names = "--demo", description = "Load generated demo data (a group of brands, 1,000 customers) when the store is empty.")
    boolean demo;

    @Option(names = "--demo-customers", defaultValue = "1000", description = "Customers in the demo data (default: ${DEFAULT-VALUE}).")
    int demoCustomers;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(data);
        AdminKey adminKey = AdminKey.resolve(System.getenv("KITH_ADMIN_KEY"), data);
        Path demoDir = data.resolve("demo");
        boolean firstDemoStart = demo && !Files.exists(data.resolve("log")) ;
        DemoManifest manifest = null;
        if (firstDemoStart) {
            System.out.printf("Generating demo data (%,d customers) in %s ...%n", demoCustomers, demoDir);
            manifest = DemoGenerator.generate(DemoSpec.of(demoCustomers, 42), demoDir);
        }
        Path sources = sourcesFile;
        if (sources == null && demo && Files.exists(demoDir.resolve("sources.json"))) {
            sources = demoDir.resolve("sources.json");
        }
        KithApp.Settings settings = new KithApp.Settings(data, host, port, adminKey.value(), sources, io.kith.event.IngestLimits.SEGMENT, 256L << 20,
                store.location(data));
        KithApp app = KithApp.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "kith-shutdown"));
        if (manifest != null) {
            for (DemoManifest.DataFile f : manifest.files()) {
                Source source = app.store().sources().byId(f.sourceId()).orElseThrow();
                System.out.printf("Importing %s as %s%n", f.file(), f.sourceId());
                ImportReport report = ImportCommand.importFile(app.log(), app.cards(), demoDir.resolve(f.file()),
                        ImportCommand.loadMapping(f.mapping().equals("segment") ? "segment" : demoDir.resolve(f.mapping()).toString()),
                        source, new ProgressBar(System.out));
                System.out.printf("  %,d accepted, %,d rejected (see GET /api/v1/quarantine)%n", report.eventsAccepted(), report.rowsRejected());
            }
        }
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + app.port();
        System.out.println();
        System.out.println("Kith is running at " + base + "  (log in " + data.toAbsolutePath() + ", store: " + app.store().describe() + ")");
        System.out.println("  collection API: " + base + "/v1/batch   health: " + base + "/health   metrics: " + base + "/metrics   API docs: " + base + "/openapi.json");
        if (adminKey.generated()) {
            System.out.println("  admin key (generated, saved in " + data.resolve("admin.key") + "): " + adminKey.value());
        } else {
            System.out.println("  admin key: from " + (System.getenv("KITH_ADMIN_KEY") != null ? "KITH_ADMIN_KEY" : data.resolve("admin.key")));
        }
        if (demo) {
            System.out.println("  demo write keys:");
            for (Source s : app.store().sources().all()) {
                System.out.printf("    %-26s %-24s %s%n", s.id(), s.name(), s.writeKeyShown() ? s.writeKey() : "(secret: see " + sources + ")");
            }
            System.out.println("  try: curl -u " + app.store().sources().all().stream().filter(Source::writeKeyShown).findFirst()
                    .orElseThrow().writeKey() + ": " + base
                    + "/v1/track -H 'Content-Type: application/json' -d '{\"userId\":\"u100001\",\"event\":\"Tried Kith\"}'");
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
