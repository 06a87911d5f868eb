package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.imports.ImportProgress;
import io.kith.source.Source;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo group fed to a live Kith the way production feeds it (web and app events over HTTP in batches of random
 * sizes while the projector runs, store files through the importer) gives exactly the profiles a rebuild from the
 * log gives.
 */
class RebuildEqualsIncrementalIT {
    @TempDir
    Path dir;

    @Test
    void liveProfilesEqualARebuildOfTheDemoData() throws Exception {
        DemoManifest demo = DemoGenerator.generate(DemoSpec.of(250, 5), dir.resolve("demo"));
        Path data = dir.resolve("data");
        Map<String, String> live;
        String store = TestStores.newStore();
        try (KithApp app = KithApp.start(new KithApp.Settings(data, "127.0.0.1", 0, RunningKith.ADMIN_KEY, demo.sourcesFile(),
                io.kith.event.IngestLimits.SEGMENT, 256L << 20, store))) {
            RunningKith http = new RunningKith(app);
            SplittableRandom random = new SplittableRandom(9);
            for (DemoManifest.DataFile f : demo.files()) {
                Source source = app.store().sources().byId(f.sourceId()).orElseThrow();
                if (f.mapping().equals("segment")) {
                    List<String> lines = Files.readAllLines(dir.resolve("demo").resolve(f.file()));
                    for (int i = 0; i < lines.size(); ) {
                        int n = 1 + random.nextInt(120);
                        String batch = String.join(",", lines.subList(i, Math.min(lines.size(), i + n)));
                        HttpResponse<String> r = http.send(http.post("/v1/batch", "{\"batch\":[" + batch + "]}").header("Authorization",
                                "Basic " + Base64.getEncoder().encodeToString((source.writeKey() + ":").getBytes())));
                        assertThat(r.statusCode()).isEqualTo(200);
                        i += n;
                    }
                } else {
                    ImportCommand.importFile(app.log(), app.cards(), dir.resolve("demo").resolve(f.file()),
                            ImportCommand.loadMapping(dir.resolve("demo").resolve(f.mapping()).toString()), source, ImportProgress.NONE);
                }
            }
            // a couple on one family e-mail, whose names and birth dates clearly disagree: held contested, live and in the rebuild alike
            String key = app.store().sources().all().stream().filter(x -> x.kind().wireName().equals("web")).findFirst().orElseThrow().writeKey();
            for (String[] p : new String[][] {{"couple-1", "Adaeze", "1994-07-23"}, {"couple-2", "Chidi", "1991-02-11"}}) {
                HttpResponse<String> r = http.send(http.post("/v1/identify", "{\"anonymousId\":\"" + p[0] + "\",\"traits\":{\"first_name\":\"" + p[1]
                        + "\",\"birthday\":\"" + p[2] + "\",\"email\":\"the.okafors@example.net\"}}").header("Authorization", RunningKith.basic(key)));
                assertThat(r.statusCode()).isEqualTo(200);
            }
            http.storedEvents();
            live = snapshot(app.identity());
            assertThat(couple(app.identity())).hasSize(2);
        }
        try (OfflineIdentity rebuilt = new OfflineIdentity(data, store)) {
            assertThat(rebuilt.replayed).isGreaterThan(10_000);
            Map<String, String> again = snapshot(rebuilt.identity);
            assertThat(again.keySet()).isEqualTo(live.keySet());
            assertThat(again).isEqualTo(live);
            assertThat(couple(rebuilt.identity)).hasSize(2);
        }
    }

    private static Map<String, String> snapshot(IdentityProjection identity) {
        return identity.read(g -> {
            Map<String, List<String>> ids = new TreeMap<>();
            g.forEachIdentifier((p, id) -> ids.computeIfAbsent(p, k -> new ArrayList<>()).add(id.toString()));
            Map<String, String> out = new TreeMap<>();
            for (String p : ids.keySet()) {
                var profile = g.profile(p).orElseThrow();
                List<String> sorted = new ArrayList<>(ids.get(p));
                sorted.sort(null);
                out.put(p, sorted + " " + profile.traits() + " " + profile.eventsByType() + " " + profile.mergedFrom() + " "
                        + java.util.Arrays.hashCode(g.eventSequences(p)));
            }
            return out;
        });
    }

    private static java.util.Set<String> couple(IdentityProjection identity) {
        return identity.read(g -> new java.util.HashSet<>(List.of(g.lookup(new io.kith.identity.Identifier("anonymous_id", "couple-1")).orElseThrow(),
                g.lookup(new io.kith.identity.Identifier("anonymous_id", "couple-2")).orElseThrow())));
    }

    static int profileCount(IdentityProjection p) {
        return p.read(IdentityGraph::profileCount);
    }
}
