package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.identity.Identifier;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.PersonViews;
import io.kith.testkit.Sources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Computed traits, labels and RFM end to end: the defaults are installed, an event changes a person's values in real
 * time, a segment reads them, a changed definition is a new version computed for everyone, and the live values equal
 * what a whole recomputation gives.
 */
class DerivationsIT {
    private static final ObjectMapper M = new ObjectMapper();

    private static void events(RunningKith kith, String batch) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}")
                .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static JsonNode call(RunningKith kith, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kith.url(path))).header("Authorization", "Bearer " + RunningKith.ADMIN_KEY)
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = kith.send(b);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return M.readTree(r.body());
    }

    private static String ago(Duration d) {
        return Instant.now().minus(d).toString();
    }

    /** namespace/name → value text, of a profile, over the API. */
    private static Map<String, String> values(RunningKith kith, String profileId) throws Exception {
        Map<String, String> out = new TreeMap<>();
        call(kith, "GET", "/api/v1/profiles/" + profileId + "/values", null, 200).path("values")
                .forEach(v -> out.put(v.path("namespace").asText() + "/" + v.path("name").asText(), v.path("value").asText()));
        return out;
    }

    private static void eventually(RunningKith.Check check) throws Exception {
        RunningKith.eventually(15, check);
    }

    @Test
    void valuesFollowEventsDefinitionsAndEqualAWholeRecomputation() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            assertThat(call(kith, "GET", "/api/v1/traits", null, 200).path("definitions").size()).isGreaterThanOrEqualTo(10);
            assertThat(call(kith, "GET", "/api/v1/labels", null, 200).path("definitions").size()).isGreaterThanOrEqualTo(10);
            events(kith, """
                    {"type":"identify","messageId":"i1","userId":"ann","traits":{"birthday":"1990-05-01","email":"ann@example.com"},"timestamp":"%s"},
                    {"type":"track","messageId":"o1","userId":"ann","event":"Order Completed","properties":{"revenue":80,"channel":"web","order_id":"A1"},"timestamp":"%s"},
                    {"type":"track","messageId":"o2","userId":"ann","event":"Order Completed","properties":{"revenue":20,"channel":"store","order_id":"A2"},"timestamp":"%s"},
                    {"type":"track","messageId":"o3","userId":"ben","event":"Order Completed","properties":{"revenue":5,"channel":"web","order_id":"B1"},"timestamp":"%s"}
                    """.formatted(ago(Duration.ofDays(400)), ago(Duration.ofDays(10)), ago(Duration.ofDays(300)), ago(Duration.ofDays(2))));
            kith.storedEvents();
            String ann = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "ann"))).orElseThrow();
            eventually(() -> assertThat(values(kith, ann)).containsEntry("computed/orders_lifetime", "2").containsEntry("computed/orders_90d", "1")
                    .containsEntry("computed/revenue_lifetime", "100").containsEntry("label/price_sensitivity", "balanced")
                    .doesNotContainKey("label/cart_abandoned_3d"));
            assertThat(values(kith, ann).get("label/age_band")).isNotNull();
            // the search box finds her by her email in another case (the index follows the change feed)
            eventually(() -> assertThat(call(kith, "GET", "/api/v1/profiles/search?q=ANN@example.com", null, 200).path("hits").path(0)
                    .path("profileId").asText()).isEqualTo(ann));

            // a new event changes the values at once, and a segment over a label follows
            call(kith, "POST", "/api/v1/segments", "{\"key\":\"abandoners\",\"condition\":\"label cart_abandoned_3d exists\"}", 201);
            events(kith, "{\"type\":\"track\",\"messageId\":\"a1\",\"userId\":\"ann\",\"event\":\"Product Added\",\"timestamp\":\"" + ago(Duration.ofMinutes(5)) + "\"}");
            eventually(() -> {
                assertThat(values(kith, ann)).containsEntry("label/cart_abandoned_3d", "true");
                assertThat(kith.app.store().segments().members("abandoners", null, 10)).containsExactly(ann);
            });

            // a changed definition is a new version, computed for everyone
            JsonNode v2 = call(kith, "PUT", "/api/v1/traits/orders_90d",
                    "{\"function\":\"count\",\"filter\":{\"event\":\"Order Completed\"},\"window\":{\"type\":\"within\",\"duration\":\"P365D\"}}", 200);
            assertThat(v2.path("version").asInt()).isEqualTo(2);
            eventually(() -> assertThat(values(kith, ann)).containsEntry("computed/orders_90d", "2"));
            call(kith, "PUT", "/api/v1/traits/broken", "{\"function\":\"sum\"}", 400);

            // live values equal a whole recomputation of the same people at the same time
            assertThat(kith.app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(20))).isTrue();
            Map<String, List<ProfileValueStore.Computed>> live = new TreeMap<>();
            for (List<PersonViews.Identified> page : new PersonViews(kith.app.identity(), kith.app.store().events(), kith.app.store().values()).people(100)) {
                for (PersonViews.Identified p : page) {
                    live.put(p.profileId(), kith.app.store().values().of(p.profileId()).stream()
                            .filter(c -> c.namespace() != io.kith.segment.ProfileValue.Namespace.RFM).toList());
                }
            }
            call(kith, "POST", "/api/v1/derivations/recompute", null, 202);
            assertThat(kith.app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(30))).isTrue();
            for (Map.Entry<String, List<ProfileValueStore.Computed>> e : live.entrySet()) {
                List<String> before = e.getValue().stream().map(c -> c.namespace() + "/" + c.name() + "=" + c.value() + "@v" + c.version()).sorted().toList();
                List<String> after = kith.app.store().values().of(e.getKey()).stream().filter(c -> c.namespace() != io.kith.segment.ProfileValue.Namespace.RFM)
                        .map(c -> c.namespace() + "/" + c.name() + "=" + c.value() + "@v" + c.version()).sorted().toList();
                assertThat(after).as(e.getKey()).isEqualTo(before);
            }
            // RFM is a property of everyone (quintiles): computed in whole passes (start, hourly, on request), here the last one
            assertThat(values(kith, ann)).containsEntry("rfm/frequency", "2").containsEntry("rfm/monetary", "100").containsKey("rfm/segment");
            JsonNode grid = call(kith, "GET", "/api/v1/rfm/grid", null, 200);
            assertThat(grid.path("cells").size()).isGreaterThan(0);
            long profiles = 0;
            for (JsonNode c : grid.path("cells")) {
                profiles += c.path("profiles").asLong();
            }
            assertThat(profiles).as("both buyers are scored").isEqualTo(2);

            // RFM over the last 30 days only: Ann's order of 300 days ago no longer counts; and the grid of one brand
            JsonNode settings = call(kith, "PUT", "/api/v1/rfm/settings", "{\"windowDays\":30}", 200);
            assertThat(settings.path("version").asInt()).isEqualTo(1);
            assertThat(call(kith, "GET", "/api/v1/rfm/settings", null, 200).path("windowDays").asInt()).isEqualTo(30);
            assertThat(kith.app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(values(kith, ann)).containsEntry("rfm/frequency", "1").containsEntry("rfm/monetary", "80");
            JsonNode northwind = call(kith, "GET", "/api/v1/rfm/grid?brand=northwind", null, 200);
            long brandProfiles = 0;
            for (JsonNode c : northwind.path("cells")) {
                brandProfiles += c.path("profiles").asLong();
            }
            assertThat(brandProfiles).isEqualTo(2);
            // ...kept on the profile too, and usable in segments: rfm["northwind"].segment
            assertThat(values(kith, ann)).containsEntry("rfm/frequency@northwind", "1").containsKey("rfm/segment@northwind");
            JsonNode preview = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"rfm[\\\"northwind\\\"].frequency >= 1\"}", 200);
            assertThat(preview.path("count").asLong()).isEqualTo(2);
            call(kith, "GET", "/api/v1/rfm/grid?brand=nobody", null, 404);
            call(kith, "PUT", "/api/v1/rfm/settings", "{\"windowDays\":0}", 400);
            assertThat(kith.app.segments().orElseThrow().failure()).isNull();
        }
    }
}
