package io.kith.cli;

import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.ingest.DiskFloor;
import io.kith.ingest.RateLimit;
import io.kith.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    @Option(names = "--cors-origin", split = ",", paramLabel = "ORIGIN", description = "An origin (https://admin.example.com) whose "
            + "scripts may call the admin and profile API; repeatable. Default: KITH_CORS_ORIGINS (comma-separated), else none. "
            + "The collection API answers every origin.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--rate-limit", defaultValue = "1000", description = "Collection requests per second per write key; over it: 429 "
            + "with Retry-After. 0 turns it off (default: ${DEFAULT-VALUE}).")
    double ratePerSecond;

    @Option(names = "--rate-burst", defaultValue = "2000", description = "Collection requests a write key may send at once "
            + "(default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--min-free-disk", defaultValue = "1GiB", description = "Refuse new events (503) while the event log's disk has "
            + "less free space: a size (1GiB, 512MiB) or a percentage (5%%); 0 turns it off (default: ${DEFAULT-VALUE}).")
    String minFreeDisk;

    @Option(names = "--max-inflight-bytes", defaultValue = "268435456", description = "Request body bytes (decompressed) all "
            + "collection requests may hold at once; over it: 429 (default: ${DEFAULT-VALUE}).")
    long maxInflightBytes;

    /** The edge settings the options give, with {@code KITH_CORS_ORIGINS} when no {@code --cors-origin} is given. */
    EdgeSettings edge(String corsOriginsEnv) {
        List<String> origins = !corsOrigins.isEmpty() || corsOriginsEnv == null ? corsOrigins
                : Arrays.stream(corsOriginsEnv.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
        return new EdgeSettings(origins, new RateLimit(ratePerSecond, rateBurst), DiskFloor.parse(minFreeDisk));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(data);
        AdminKey adminKey = AdminKey.resolve(System.getenv("KITH_ADMIN_KEY"), data);
        Path demoDir = data.resolve("demo");
        boolean firstDemoStart = demo && !Files.exists(data.resolve("log")) ;
        DemoManifest manifest = null;
        if (firstDemoStart) {
            System.out.printf("Generating demo data (%,d customers) in %s ...%n", demoCustomers, demoDir);
            // The last 200 days up to today, so that what depends on recent behaviour (carts abandoned in the last 3 days,
            // orders in the last 90, purchases that dropped) shows on the demo's profiles and segments.
            java.time.Instant today = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            manifest = DemoGenerator.generate(new DemoSpec(demoCustomers, 42, today.minus(java.time.Duration.ofDays(200)), today), demoDir);
        }
        Path sources = sourcesFile;
        if (sources == null && demo && Files.exists(demoDir.resolve("sources.json"))) {
            sources = demoDir.resolve("sources.json");
        }
        KithApp.Settings settings = new KithApp.Settings(data, host, port, adminKey.value(), sources, io.kith.event.IngestLimits.SEGMENT,
                maxInflightBytes, store.location(data), edge(System.getenv("KITH_CORS_ORIGINS")));
        KithApp app = KithApp.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "kith-shutdown"));
        if (manifest != null) {
            DemoLoad.load(app, manifest, demoDir, System.out);
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
        List<String> brands = app.store().sources().all().stream().map(Source::brand).distinct().sorted().toList();
        List<io.kith.console.StaffAccounts.Login> logins = app.console().accounts().bootstrap(demo, brands);
        System.out.println("  console: " + base + "/" + (logins.isEmpty() ? "" : "  logins (generated, shown once; change them under Your account):"));
        for (io.kith.console.StaffAccounts.Login l : logins) {
            System.out.printf("    %-22s %-34s password: %s%n", l.username(), l.role().wire() + (l.brands().allBrands() ? "" : " (" + String.join(", ", l.brands().brands()) + ")"),
                    l.password());
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
