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
