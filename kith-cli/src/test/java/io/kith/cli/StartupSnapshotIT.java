package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityStore;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A start from the identity snapshot serves what a start that rebuilds from every event serves: the same profiles,
 * decisions, alerts and stored profile rows, with the events stored after the snapshot caught up; a damaged snapshot is
 * refused and the start rebuilds.
 */
class StartupSnapshotIT {
    private static final Path SNAPSHOT = Path.of(IdentitySnapshotFile.NAME);

    /** What the server serves of identity: every profile with its decisions, the identifiers' holders, the alerts, and the API's answers. */
    record Served(Map<Identifier, String> holders, Map<String, Object> profiles, Object alerts, List<String> api) {
    }

    private static Served served(RunningKith kith) throws Exception {
        kith.storedEvents();
        Map<Identifier, String> holders = new TreeMap<>();
        Map<String, Object> profiles = new TreeMap<>();
        kith.app.identity().read(g -> {
            g.forEachIdentifier((p, id) -> holders.put(id, p));
            for (String id : g.profileIds(-1, Integer.MAX_VALUE)) {
                profiles.put(id, List.of(g.profile(id).orElseThrow(), g.explain(id), g.eventSequences(id).length));
            }
            return null;
        });
        List<String> api = new ArrayList<>();
        for (String id : profiles.keySet()) {
            api.add(get(kith, "/api/v1/profiles/" + id));
            api.add(get(kith, "/api/v1/profiles/" + id + "/explain"));
        }
        api.add(get(kith, "/api/v1/profiles/lookup?type=email&value=ben@example.com"));
        api.add(get(kith, "/api/v1/identity/alerts"));
        // the stored profile rows follow, whichever way identity started
        RunningKith.eventually(20, () -> kith.app.identity().read(g -> {
            assertThat(kith.app.store().identity().appliedSequence()).isEqualTo(g.lastSequence() + 1);
            for (String id : profiles.keySet()) {
                assertThat(kith.app.store().identity().profile(id)).contains(new IdentityStore.StoredProfile(g.profile(id).orElseThrow(), g.explain(id)));
            }
            assertThat(kith.app.store().identity().count()).isEqualTo(profiles.size());
            return null;
        }));
        return new Served(holders, profiles, List.of(kith.app.identity().recentAlerts(), kith.app.identity().alertCounts()), api);
    }

    private static String get(RunningKith kith, String path) throws Exception {
        HttpResponse<String> r = kith.send(kith.get(path).header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        return r.statusCode() + " " + r.body();
    }

    private static void send(RunningKith kith, String batch) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}").header("Authorization",
                RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static RunningKith restart(RunningKith kith) {
        kith.app.close();
        return new RunningKith(KithApp.start(kith.app.settings()));
    }

    @Test
    void aStartFromTheSnapshotServesWhatAFullRebuildServes() throws Exception {
        RunningKith kith = new RunningKith();
        Path data = kith.app.settings().dataDir();
        Path dir = kith.dir;
        try {
            assertThat(kith.app.identitySnapshotLoaded()).isEqualTo(-1);
            send(kith, """
                    {"type":"identify","messageId":"a1","userId":"ann","traits":{"phone":"07700 900111","first_name":"Ann","spend":19.90},"timestamp":"2026-01-01T10:00:00Z"},
                    {"type":"identify","messageId":"b1","anonymousId":"ben-cookie","traits":{"email":"ben@example.com","tags":["vip",1,{"x":null}]},"timestamp":"2026-01-01T11:00:00Z"},
                    {"type":"page","messageId":"c1","anonymousId":"cid-cookie","name":"Home","timestamp":"2026-01-01T11:30:00Z"},
                    {"type":"identify","messageId":"d1","userId":"dan","anonymousId":"shared-cookie","timestamp":"2026-01-01T11:40:00Z"},
                    {"type":"identify","messageId":"d2","userId":"dora","anonymousId":"shared-cookie","timestamp":"2026-01-01T11:41:00Z"}""");
            kith.storedEvents();
            assertThat(kith.app.identity().alertCounts()).isNotEmpty(); // two user ids on one cookie

            // A clean shutdown saves the snapshot; the next start loads it.
            kith = restart(kith);
            assertThat(data.resolve(SNAPSHOT)).exists();
            long first = kith.app.identitySnapshotLoaded();
            assertThat(first).isEqualTo(kith.app.identity().read(IdentityGraph::lastSequence));
            Path older = dir.resolve("older.snapshot");
            Files.copy(data.resolve(SNAPSHOT), older);

            // Events after the snapshot: a merge, a new person, a trait said again.
            send(kith, """
                    {"type":"track","messageId":"b2","anonymousId":"ben-cookie","event":"Support Contact","context":{"traits":{"phone":"07700 900111"}},"timestamp":"2026-01-01T12:00:00Z"},
                    {"type":"identify","messageId":"e1","userId":"eve","traits":{"email":"eve@example.com","spend":5},"timestamp":"2026-01-01T12:10:00Z"},
                    {"type":"identify","messageId":"a2","userId":"ann","traits":{"spend":20.00},"timestamp":"2026-01-01T12:20:00Z"}""");
            Served live = served(kith);

            // The older snapshot and the events stored after it: caught up at start.
            kith.app.close();
            Files.copy(older, data.resolve(SNAPSHOT), StandardCopyOption.REPLACE_EXISTING);
            kith = new RunningKith(KithApp.start(kith.app.settings()));
            assertThat(kith.app.identitySnapshotLoaded()).isEqualTo(first);
            assertThat(kith.app.identity().read(IdentityGraph::lastSequence)).isGreaterThan(first);
            assertThat(served(kith)).isEqualTo(live);

            // No snapshot: a full rebuild, serving the same.
            kith.app.close();
            Files.delete(data.resolve(SNAPSHOT));
            kith = new RunningKith(KithApp.start(kith.app.settings()));
            assertThat(kith.app.identitySnapshotLoaded()).isEqualTo(-1);
            assertThat(served(kith)).isEqualTo(live);

            // A damaged snapshot: refused, rebuilt, the same again.
            kith.app.close();
            byte[] bytes = Files.readAllBytes(data.resolve(SNAPSHOT));
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(data.resolve(SNAPSHOT), bytes);
            kith = new RunningKith(KithApp.start(kith.app.settings()));
            assertThat(kith.app.identitySnapshotLoaded()).isEqualTo(-1);
            assertThat(served(kith)).isEqualTo(live);

            // And the snapshot saved at that shutdown is loaded by the next start.
            kith = restart(kith);
            assertThat(kith.app.identitySnapshotLoaded()).isEqualTo(kith.app.identity().read(IdentityGraph::lastSequence));
            assertThat(served(kith)).isEqualTo(live);
        } finally {
            new RunningKith(kith.app).close();
            try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
    /** The snapshot holds identifiers in clear: an erasure deletes it, and the one saved after holds nothing of the person. */
    @Test
    void anErasureForgetsTheSnapshot() throws Exception {
        RunningKith kith = new RunningKith();
        Path data = kith.app.settings().dataDir();
        Path dir = kith.dir;
        try {
            send(kith, """
                    {"type":"identify","messageId":"g1","userId":"grace-1906","traits":{"email":"grace.hopper@example.org","first_name":"Grace"},"timestamp":"2026-03-01T10:00:00Z"},
                    {"type":"identify","messageId":"h1","userId":"alan-1912","traits":{"email":"alan@example.net"},"timestamp":"2026-03-01T11:00:00Z"}""");
            kith.storedEvents();
            kith = restart(kith);
            assertThat(kith.app.identitySnapshotLoaded()).isGreaterThanOrEqualTo(0);
            assertThat(holds(data.resolve(SNAPSHOT), "grace.hopper@example.org")).isTrue();

            HttpResponse<String> accepted = kith.send(kith.post("/api/v1/regulations",
                    "{\"regulationType\":\"SUPPRESS_WITH_DELETE\",\"subjectType\":\"email\",\"subjectIds\":[\"grace.hopper@example.org\"]}")
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted.body()).path("id").asText();
            RunningKith final_ = kith;
            RunningKith.eventually(90, () -> assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(final_, "/api/v1/regulations/" + id)
                    .substring(4)).path("overallStatus").asText()).isEqualTo("FINISHED"));
            assertThat(data.resolve(SNAPSHOT)).doesNotExist();

            kith = restart(kith);
            assertThat(kith.app.identitySnapshotLoaded()).isGreaterThanOrEqualTo(0);
            assertThat(holds(data.resolve(SNAPSHOT), "grace.hopper@example.org")).isFalse();
            assertThat(holds(data.resolve(SNAPSHOT), "alan@example.net")).isTrue();
            assertThat(get(kith, "/api/v1/profiles/lookup?type=email&value=grace.hopper@example.org")).startsWith("404");
        } finally {
            new RunningKith(kith.app).close();
            try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean holds(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
    }
}
