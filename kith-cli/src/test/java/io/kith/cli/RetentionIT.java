package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.StoredEvent;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A retention policy applied on each store: page views older than the rule go from the store and the bytes of the log,
 * while orders and recent page views stay, and the profile's counts follow (identity resolved again).
 */
class RetentionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer " + RunningKith.ADMIN_KEY;

    @Test
    void eventsPastRetentionGoFromTheStoreTheLogAndTheProfile() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            String old = Instant.now().minus(Duration.ofDays(400)).toString();
            String recent = Instant.now().minus(Duration.ofDays(2)).toString();
            HttpResponse<String> sent = kith.send(kith.post("/v1/batch", "{\"batch\":["
                    + "{\"type\":\"page\",\"messageId\":\"p-old\",\"userId\":\"rita\",\"name\":\"Ancient Page Marker\",\"timestamp\":\"" + old + "\"},"
                    + "{\"type\":\"track\",\"messageId\":\"o-old\",\"userId\":\"rita\",\"event\":\"Order Completed\",\"timestamp\":\"" + old + "\"},"
                    + "{\"type\":\"page\",\"messageId\":\"p-new\",\"userId\":\"rita\",\"name\":\"Home\",\"timestamp\":\"" + recent + "\"}]}")
                    .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
            assertThat(sent.statusCode()).isEqualTo(200);
            kith.storedEvents();
            assertThat(logHolds(kith.dir, "Ancient Page Marker")).isTrue();

            assertThat(put(kith, "{\"rules\":[{\"type\":\"page\",\"days\":0}]}").statusCode()).isEqualTo(400);
            assertThat(put(kith, "{\"rules\":[{\"type\":\"shoe\",\"days\":30}]}").statusCode()).isEqualTo(400);
            HttpResponse<String> saved = put(kith, "{\"rules\":[{\"type\":\"page\",\"days\":365},{\"event\":\"Order Completed\",\"days\":3650}],"
                    + "\"auditDays\":730}");
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            assertThat(JSON.readTree(saved.body()).path("version").asInt()).isEqualTo(1);
            assertThat(kith.send(kith.post("/api/v1/retention/apply", "").header("Authorization", ADMIN)).statusCode()).isEqualTo(202);

            JsonNode applied = awaitApplied(kith);
            assertThat(applied.path("events").asLong()).isEqualTo(1);
            assertThat(applied.path("logRecords").asLong()).isEqualTo(1);
            List<StoredEvent> stored = kith.storedEvents();
            assertThat(stored).extracting(e -> e.event().messageId()).containsExactlyInAnyOrder("o-old", "p-new");
            assertThat(logHolds(kith.dir, "Ancient Page Marker")).isFalse();
            RunningKith.eventually(20, () -> {
                String profile = kith.app.identity().read(g -> g.lookup(new io.kith.identity.Identifier("user_id", "rita"))).orElseThrow();
                assertThat(kith.app.identity().read(g -> g.profile(profile)).orElseThrow().eventCount()).isEqualTo(2);
            });
        }
    }

    /**
     * Retention that expires one person's old events resolves only them again: the two cookies an expired identify
     * joined split back into two profiles (the user id, seen only in expired events, is gone), while other people keep
     * their profiles and ids, and identity is not rebuilt.
     */
    @Test
    void retentionResolvesOnlyTheAffectedProfilesAgain() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            String old = Instant.now().minus(Duration.ofDays(400)).toString();
            String recent = Instant.now().minus(Duration.ofDays(2)).toString();
            String auth = RunningKith.basic(Sources.WEB_SHOP.writeKey());
            send(kith, auth, "{\"type\":\"page\",\"messageId\":\"olga-1\",\"userId\":\"olga\",\"anonymousId\":\"c-olga\",\"name\":\"Home\",\"timestamp\":\"" + recent + "\"},"
                    + "{\"type\":\"track\",\"messageId\":\"otto-1\",\"userId\":\"otto\",\"event\":\"Order Completed\",\"timestamp\":\"" + old + "\"}");
            send(kith, auth, "{\"type\":\"page\",\"messageId\":\"c1-new\",\"anonymousId\":\"c-1\",\"name\":\"Home\",\"timestamp\":\"" + recent + "\"}");
            send(kith, auth, "{\"type\":\"page\",\"messageId\":\"c2-new\",\"anonymousId\":\"c-2\",\"name\":\"Home\",\"timestamp\":\"" + recent + "\"}");
            send(kith, auth, "{\"type\":\"page\",\"messageId\":\"r1-old\",\"userId\":\"rita\",\"anonymousId\":\"c-1\",\"name\":\"Home\",\"timestamp\":\"" + old + "\"},"
                    + "{\"type\":\"page\",\"messageId\":\"r2-old\",\"userId\":\"rita\",\"anonymousId\":\"c-2\",\"name\":\"Home\",\"timestamp\":\"" + old + "\"}");
            kith.storedEvents();
            io.kith.identity.IdentityProjection identity = kith.app.identity();
            io.kith.identity.Identifier c1 = new io.kith.identity.Identifier("anonymous_id", "c-1");
            io.kith.identity.Identifier c2 = new io.kith.identity.Identifier("anonymous_id", "c-2");
            io.kith.identity.Identifier rita = new io.kith.identity.Identifier("user_id", "rita");
            RunningKith.eventually(20, () -> assertThat(lookup(identity, c2)).isEqualTo(lookup(identity, c1)));
            String olga = lookup(identity, new io.kith.identity.Identifier("user_id", "olga")).orElseThrow();
            String otto = lookup(identity, new io.kith.identity.Identifier("user_id", "otto")).orElseThrow();
            String joined = lookup(identity, c1).orElseThrow();
            RunningKith.eventually(20, () -> assertThat(kith.app.store().identity().lookup(c2)).contains(joined));
            Object rebuildBefore = identity.lastSwap().orElse(null);

            HttpResponse<String> saved = put(kith, "{\"rules\":[{\"type\":\"page\",\"days\":365},{\"event\":\"Order Completed\",\"days\":3650}]}");
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            assertThat(kith.send(kith.post("/api/v1/retention/apply", "").header("Authorization", ADMIN)).statusCode()).isEqualTo(202);
            assertThat(awaitApplied(kith).path("events").asLong()).isEqualTo(2);

            assertThat(identity.lastSwap().orElse(null)).as("identity was not rebuilt").isSameAs(rebuildBefore);
            assertThat(lookup(identity, rita)).as("the user id seen only in expired events").isEmpty();
            String first = lookup(identity, c1).orElseThrow();
            String second = lookup(identity, c2).orElseThrow();
            assertThat(first).isEqualTo(joined);
            assertThat(second).isNotEqualTo(first);
            assertThat(lookup(identity, new io.kith.identity.Identifier("user_id", "olga"))).contains(olga);
            assertThat(lookup(identity, new io.kith.identity.Identifier("user_id", "otto"))).contains(otto);
            assertThat(identity.read(g -> g.profile(first)).orElseThrow().eventCount()).isEqualTo(1);
            assertThat(identity.read(g -> g.profile(second)).orElseThrow().eventCount()).isEqualTo(1);
            // the stored profiles follow: the split written, the others' rows still there under the same ids
            RunningKith.eventually(20, () -> {
                assertThat(kith.app.store().identity().lookup(c2)).contains(second);
                assertThat(kith.app.store().identity().lookup(rita)).isEmpty();
                assertThat(kith.app.store().identity().profile(olga)).isPresent();
                assertThat(kith.app.store().identity().profile(otto)).isPresent();
            });
        }
    }

    private static java.util.Optional<String> lookup(io.kith.identity.IdentityProjection identity, io.kith.identity.Identifier id) {
        return identity.read(g -> g.lookup(id));
    }

    private static void send(RunningKith kith, String auth, String events) throws Exception {
        HttpResponse<String> sent = kith.send(kith.post("/v1/batch", "{\"batch\":[" + events + "]}").header("Authorization", auth));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        kith.storedEvents();
    }

    private static HttpResponse<String> put(RunningKith kith, String body) throws Exception {
        return kith.send(kith.post("/api/v1/retention", body).method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", ADMIN));
    }

    private static JsonNode awaitApplied(RunningKith kith) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = JSON.readTree(kith.send(kith.get("/api/v1/retention").header("Authorization", ADMIN)).body());
            if (!r.path("lastApplied").isNull() && !r.path("lastApplied").isMissingNode()) {
                return r.path("lastApplied");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("retention was not applied within 60 s");
    }

    private static boolean logHolds(Path dir, String text) throws Exception {
        return RunningKith.anyFileHolds(dir.resolve("data").resolve("log"), text);
    }
}
