package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.identity.Identifier;
import io.kith.testkit.Sources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The models end to end: orders sent through the collection API, a run asked for over the API, and then the model values
 * on the profiles with the run's version, the labels over them, an explanation per person, and a segment over a model value.
 */
class ModelsIT {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode call(RunningKith kith, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kith.url(path))).header("Authorization", "Bearer " + RunningKith.ADMIN_KEY)
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = kith.send(b);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return M.readTree(r.body());
    }

    private static String order(String user, int n, long daysAgo, double revenue) {
        return "{\"type\":\"track\",\"messageId\":\"" + user + "-" + n + "\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\","
                + "\"properties\":{\"revenue\":" + revenue + ",\"order_id\":\"" + user + "-" + n + "\"},\"timestamp\":\""
                + Instant.now().minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(1)) + "\"}";
    }

    /** namespace/name → the value's JSON, with its version, of a profile, over the API. */
    private static Map<String, JsonNode> values(RunningKith kith, String profileId) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        call(kith, "GET", "/api/v1/profiles/" + profileId + "/values", null, 200).path("values")
                .forEach(v -> out.put(v.path("namespace").asText() + "/" + v.path("name").asText(), v));
        return out;
    }

    @Test
    void aRunScoresEveryCustomerAndSegmentsAndLabelsReadTheScores() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            List<String> events = new ArrayList<>();
            // regulars buy every 10 days for 200 days, up to a few days ago; lapsed customers bought 6 times in two
            // months and not in the last 300 days; one-off customers bought once
            for (int i = 0; i < 40; i++) {
                for (int n = 0; n < 20; n++) {
                    events.add(order("regular" + i, n, 3 + (i % 5) + 10L * n, 30 + i));
                }
            }
            for (int i = 0; i < 20; i++) {
                for (int n = 0; n < 6; n++) {
                    events.add(order("lapsed" + i, n, 300 + (i % 7) + 10L * n, 50 + i));
                }
            }
            for (int i = 0; i < 10; i++) {
                events.add(order("once" + i, 0, 20 + 5L * i, 25));
            }
            for (int from = 0; from < events.size(); from += 200) {
                HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + String.join(",", events.subList(from,
                        Math.min(events.size(), from + 200))) + "]}").header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
                assertThat(r.statusCode()).isEqualTo(200);
            }
            kith.storedEvents();
            assertThat(kith.app.awaitProfilesWritten(Duration.ofSeconds(30))).isTrue();
            assertThat(kith.app.segments().orElseThrow().awaitIdle(Duration.ofSeconds(30))).isTrue();

            JsonNode queued = call(kith, "POST", "/api/v1/models/run", null, 202);
            assertThat(queued.path("models").toString()).isEqualTo("[\"clv\",\"clusters\"]");
            call(kith, "POST", "/api/v1/models/run?model=nope", null, 400);
            RunningKith.eventually(120, () -> {
                JsonNode models = call(kith, "GET", "/api/v1/models", null, 200).path("models");
                for (JsonNode m : models) {
                    assertThat(m.path("state").asText()).as(m.toString()).isEqualTo("idle");
                    assertThat(m.path("lastError").isNull()).as(m.toString()).isTrue();
                    assertThat(m.path("runs").size()).as(m.toString()).isEqualTo(1);
                }
            });
            JsonNode models = call(kith, "GET", "/api/v1/models", null, 200).path("models");
            JsonNode clv = models.get(0).path("runs").get(0);
            assertThat(clv.path("id").asText()).isEqualTo("clv-1");
            assertThat(clv.path("run").path("dataWindow").path("customers").asInt()).isEqualTo(70);
            assertThat(clv.path("run").path("dataWindow").path("purchaseEvent").asText()).isEqualTo("Order Completed");
            assertThat(clv.path("run").path("parameters").path("modelVersion").asText()).startsWith("bg-nbd+gamma-gamma/1/");
            assertThat(clv.path("run").path("metrics").path("bgNbdLogLikelihood").asDouble()).isNegative();
            JsonNode clusters = call(kith, "GET", "/api/v1/models/runs/clusters-1", null, 200);
            assertThat(clusters.path("run").path("metrics").path("clusters").size()).isGreaterThanOrEqualTo(2);
            call(kith, "GET", "/api/v1/models/runs/clv-9", null, 404);

            String regular = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "regular1"))).orElseThrow();
            String lapsed = kith.app.identity().read(g -> g.lookup(new Identifier("user_id", "lapsed1"))).orElseThrow();
            Map<String, JsonNode> r = values(kith, regular);
            assertThat(r.get("model/p_alive").path("value").asDouble()).isGreaterThan(0.8);
            assertThat(r.get("model/p_alive").path("version").asInt()).isEqualTo(1);
            assertThat(r.get("model/clv_12m").path("value").asDouble()).isPositive();
            assertThat(r).containsKeys("model/churn_risk", "model/expected_purchases_90d", "model/expected_order_value", "model/cluster",
                    "label/cluster", "label/clv_band");
            assertThat(r.get("label/churn_risk").path("value").asText()).isEqualTo("low");
            Map<String, JsonNode> l = values(kith, lapsed);
            assertThat(l.get("model/churn_risk").path("value").asDouble()).isGreaterThan(0.5);
            assertThat(l.get("label/churn_risk").path("value").asText()).isEqualTo("high");

            JsonNode why = call(kith, "GET", "/api/v1/profiles/" + lapsed + "/predictions", null, 200).path("predictions");
            assertThat(why.size()).isEqualTo(2);
            assertThat(why.get(0).path("model").asText()).isEqualTo("clv");
            assertThat(why.get(0).path("version").asInt()).isEqualTo(1);
            assertThat(why.get(0).path("explanation").asText()).contains("5 repeat purchases").contains("P(alive)");
            assertThat(why.get(1).path("explanation").asText()).startsWith("cluster ");

            // the lapsed customers, and only they, are likely to have churned
            JsonNode preview = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"model churn_risk > 0.5\"}", 200);
            assertThat(preview.path("count").asLong()).isEqualTo(20);
            JsonNode high = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"label churn_risk = \\\"high\\\"\"}", 200);
            assertThat(high.path("count").asLong()).isEqualTo(20);

            // a second run is a new version, on every value it writes
            call(kith, "POST", "/api/v1/models/run?model=clv", null, 202);
            RunningKith.eventually(60, () -> assertThat(values(kith, regular).get("model/p_alive").path("version").asInt()).isEqualTo(2));
            // its labels did not change, so they are not saved again
            for (JsonNode label : call(kith, "GET", "/api/v1/labels", null, 200).path("definitions")) {
                if (label.path("name").asText().equals("churn_risk") || label.path("name").asText().equals("clv_band")) {
                    assertThat(label.path("version").asInt()).as(label.toString()).isEqualTo(1);
                }
            }

            // and through the command line
            picocli.CommandLine cli = Main.commandLine();
            java.io.PrintStream stdout = System.out;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                assertThat(cli.execute("models", "run", "--model", "clusters", "--wait", "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("clusters: idle", "clusters-2", "k-means/");
                assertThat(cli.execute("models", "list", "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("clv: idle", "clv-2", "clv-1", "log-likelihood");
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
