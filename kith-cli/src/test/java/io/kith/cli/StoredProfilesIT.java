package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityStore;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The profile rows in the store follow the in-memory identity graph: after live events with a merge, after an
 * un-merge (every profile rewritten), and across a restart.
 */
class StoredProfilesIT {
    private static void send(RunningKith kith, String batch) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}").header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((Sources.WEB_SHOP.writeKey() + ":").getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    /**
     * Waits until the store's profile rows equal the in-memory profiles (the writer runs every 200 ms, behind
     * identity), then answers every identifier → its profile.
     */
    private static Map<Identifier, String> awaitStoredEqualsMemory(KithApp app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return assertStoredEqualsMemory(app);
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Every identifier → its profile, from memory, and checks each stored profile equals the one in memory. */
    private static Map<Identifier, String> assertStoredEqualsMemory(KithApp app) {
        assertThat(app.store().identity().appliedSequence()).isEqualTo(app.identity().read(IdentityGraph::lastSequence) + 1);
        Map<Identifier, String> assigned = new HashMap<>();
        app.identity().read(g -> {
            g.forEachIdentifier((p, id) -> assigned.put(id, p));
            for (String id : new java.util.HashSet<>(assigned.values())) {
                assertThat(app.store().identity().profile(id)).contains(new IdentityStore.StoredProfile(g.profile(id).orElseThrow(), g.explain(id)));
            }
            return null;
        });
        assigned.forEach((id, p) -> assertThat(app.store().identity().lookup(id)).as(id.toString()).contains(p));
        assertThat(app.store().identity().count()).isEqualTo(new java.util.HashSet<>(assigned.values()).size());
        // the event-to-profile projection: each event of each profile answers that profile, and no other event has one
        long events = 0;
        for (String p : new java.util.HashSet<>(assigned.values())) {
            for (long seq : app.identity().read(g -> g.eventSequences(p))) {
                assertThat(app.store().identity().profileOfEvent(seq)).as("event %d", seq).contains(p);
                events++;
            }
        }
        assertThat(app.store().identity().assignedEvents()).isEqualTo(events);
        return assigned;
    }

    @Test
    void storedProfilesFollowMergesUnmergesAndRestarts() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            send(kith, """
                    {"type":"identify","messageId":"a1","userId":"ann","traits":{"phone":"07700 900111","first_name":"Ann"},"timestamp":"2026-01-01T10:00:00Z"},
                    {"type":"identify","messageId":"b1","anonymousId":"ben-cookie","traits":{"email":"ben@example.com"},"timestamp":"2026-01-01T11:00:00Z"},
                    {"type":"page","messageId":"c1","anonymousId":"cid-cookie","name":"Home","timestamp":"2026-01-01T11:30:00Z"}""");
            kith.storedEvents();
            awaitStoredEqualsMemory(kith.app);
            String ben = kith.app.identity().read(g -> g.lookup(new Identifier("email", "ben@example.com"))).orElseThrow();

            // Ben's cookie shows up with Ann's phone: the two profiles merge, Ben's id now resolves to the survivor
            send(kith, """
                    {"type":"track","messageId":"b2","anonymousId":"ben-cookie","event":"Support Contact","context":{"traits":{"phone":"07700 900111"}},"timestamp":"2026-01-01T12:00:00Z"}""");
            kith.storedEvents();
            Map<Identifier, String> merged = awaitStoredEqualsMemory(kith.app);
            String survivor = merged.get(new Identifier("user_id", "ann"));
            assertThat(merged.get(new Identifier("email", "ben@example.com"))).isEqualTo(survivor);
            assertThat(kith.app.store().identity().profile(ben).orElseThrow().profile().id()).isEqualTo(survivor);

            HttpResponse<String> r = kith.send(kith.post("/api/v1/identity/overrides",
                    "{\"distinct\":[{\"type\":\"email\",\"value\":\"ben@example.com\"},{\"type\":\"phone\",\"value\":\"07700 900111\"}]}")
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            assertThat(kith.awaitRebuild(r).path("status").asText()).isEqualTo("done");
            Map<Identifier, String> split = awaitStoredEqualsMemory(kith.app);
            assertThat(split.get(new Identifier("email", "ben@example.com"))).isNotEqualTo(split.get(new Identifier("user_id", "ann")));

            kith.app.close();
            try (KithApp again = KithApp.start(kith.app.settings())) {
                assertThat(awaitStoredEqualsMemory(again)).isEqualTo(split);
            }
        }
    }
}
