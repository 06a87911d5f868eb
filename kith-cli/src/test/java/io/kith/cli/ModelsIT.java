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
        return order(user, n, daysAgo, revenue, null, "");
    }

    /** An order of one product ({@code properties.products}); {@code extra} is more properties, such as a card number. */
    private static String order(String user, int n, long daysAgo, double revenue, String product, String extra) {
        String products = product == null ? "" : ",\"products\":[{\"product_id\":\"" + product + "\",\"name\":\"Product " + product + "\"}]";
        return "{\"type\":\"track\",\"messageId\":\"" + user + "-" + n + "\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\","
                + "\"properties\":{\"revenue\":" + revenue + ",\"order_id\":\"" + user + "-" + n + "\"" + products + extra + "},\"timestamp\":\""
                + Instant.now().minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(1)) + "\"}";
    }

    private static String viewed(String user, String product, long daysAgo) {
        return "{\"type\":\"track\",\"messageId\":\"" + user + "-view-" + product + "\",\"userId\":\"" + user + "\",\"event\":\"Product Viewed\","
                + "\"properties\":{\"product_id\":\"" + product + "\",\"name\":\"Product " + product + "\"},\"timestamp\":\"" + Instant.now().minus(Duration.ofDays(daysAgo)) + "\"}";
    }

    private static String identify(String user, String traits) {
        return "{\"type\":\"identify\",\"messageId\":\"" + user + "-identify\",\"userId\":\"" + user + "\",\"traits\":" + traits
                + ",\"timestamp\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\"}";
    }

    private static String profile(RunningKith kith, String userId) {
        return kith.app.identity().read(g -> g.lookup(new Identifier("user_id", userId))).orElseThrow();
    }

    /** Two people who pay with one card, and two at one address, are households, not merged; a label names each household. */
    private static void households(RunningKith kith) throws Exception {
        String card0 = profile(kith, "regular0");
        String card1 = profile(kith, "regular1");
        assertThat(card0).isNotEqualTo(card1);
        JsonNode h = call(kith, "GET", "/api/v1/profiles/" + card1 + "/household", null, 200).path("household");
        assertThat(h.path("run").asText()).isEqualTo("households-1");
        assertThat(h.path("modelVersion").asText()).startsWith("households/1/");
        assertThat(h.path("confidence").asDouble()).isEqualTo(0.9);
        assertThat(h.path("size").asInt()).isEqualTo(2);
        List<String> members = new ArrayList<>();
        h.path("members").forEach(m -> members.add(m.path("profileId").asText()));
        assertThat(members).containsExactlyInAnyOrder(card0, card1);
        assertThat(h.path("evidence").get(0).path("kind").asText()).isEqualTo("payment_token");
        assertThat(h.path("evidence").get(0).path("shown").asText()).startsWith("…").hasSize(5);
        assertThat(h.path("explanation").asText()).startsWith("2 profiles, confidence 0.90: same payment token");

        JsonNode home = call(kith, "GET", "/api/v1/profiles/" + profile(kith, "regular3") + "/household", null, 200).path("household");
        assertThat(home.path("evidence").get(0).path("kind").asText()).isEqualTo("address_and_surname");
        assertThat(home.path("evidence").get(0).path("shown").isNull()).isTrue();
        assertThat(home.path("householdId").asText()).isNotEqualTo(h.path("householdId").asText());
        assertThat(call(kith, "GET", "/api/v1/profiles/" + profile(kith, "regular9") + "/household", null, 200).path("household").isNull()).isTrue();
        call(kith, "GET", "/api/v1/profiles/p_nobody/household", null, 404);

        Map<String, JsonNode> v = values(kith, card0);
        assertThat(v.get("model/household_id").path("value").asText()).isEqualTo(h.path("householdId").asText());
        assertThat(v.get("model/household_size").path("value").asInt()).isEqualTo(2);
        assertThat(v.get("model/household_confidence").path("value").asDouble()).isEqualTo(0.9);
        assertThat(v.get("label/household_id").path("value").asText()).isEqualTo(h.path("householdId").asText());
        JsonNode same = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"label household_id = \\\"" + h.path("householdId").asText()
                + "\\\"\"}", 200);
        assertThat(same.path("count").asLong()).isEqualTo(2);
        JsonNode run = call(kith, "GET", "/api/v1/models/runs/households-1", null, 200).path("run");
        assertThat(run.path("metrics").path("households").asInt()).isEqualTo(2);
        assertThat(run.path("metrics").path("profilesInHouseholds").asInt()).isEqualTo(4);
    }

    /** Co-purchases give each customer products they did not buy, with why; a newcomer gets the popular ones. */
    private static void recommendations(RunningKith kith, String regular) throws Exception {
        JsonNode r = call(kith, "GET", "/api/v1/profiles/" + regular + "/recommendations", null, 200);
        assertThat(r.path("basis").asText()).isEqualTo("item-to-item");
        assertThat(r.path("run").asText()).isEqualTo("recommendations-1");
        assertThat(r.path("modelVersion").asText()).startsWith("item-to-item/1/");
        JsonNode first = r.path("recommendations").get(0);
        assertThat(first.path("name").asText()).isEqualTo("Product " + first.path("productId").asText());
        assertThat(first.path("why").asText()).startsWith("bought or viewed with Product ");
        List<String> products = new ArrayList<>();
        r.path("recommendations").forEach(o -> products.add(o.path("productId").asText()));
        // regular1 bought beans-1 to -4: the other coffees are recommended, never one it bought
        assertThat(products).contains("beans-0", "beans-5").doesNotContain("beans-1", "beans-2", "beans-3", "beans-4");
        JsonNode other = call(kith, "GET", "/api/v1/profiles/" + profile(kith, "regular0") + "/recommendations?limit=3", null, 200)
                .path("recommendations");
        assertThat(other.size()).isEqualTo(3);
        other.forEach(o -> assertThat(o.path("productId").asText()).isNotIn("beans-0", "beans-1", "beans-2", "beans-3"));
        call(kith, "GET", "/api/v1/profiles/" + regular + "/recommendations?limit=0", null, 400);

        HttpResponse<String> page = kith.send(kith.post("/v1/batch", "{\"batch\":[{\"type\":\"page\",\"messageId\":\"newcomer-1\","
                + "\"anonymousId\":\"newcomer\",\"name\":\"Home\"}]}").header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(page.statusCode()).isEqualTo(200);
        RunningKith.eventually(30, () -> {
            java.util.Optional<String> seen = kith.app.identity().read(g -> g.lookup(new Identifier("anonymous_id", "newcomer")));
            assertThat(seen).isPresent();
        });
        String newcomer = kith.app.identity().read(g -> g.lookup(new Identifier("anonymous_id", "newcomer"))).orElseThrow();
        JsonNode popular = call(kith, "GET", "/api/v1/profiles/" + newcomer + "/recommendations", null, 200);
        assertThat(popular.path("basis").asText()).isEqualTo("popular");
        assertThat(popular.path("recommendations").size()).isEqualTo(10);
        assertThat(popular.path("recommendations").get(0).path("why").asText()).startsWith("popular: bought by");

        JsonNode eval = call(kith, "GET", "/api/v1/models/runs/recommendations-1", null, 200).path("run").path("metrics").path("leaveLastOut");
        assertThat(eval.path("customersEvaluated").asInt()).isEqualTo(40);
        assertThat(eval.path("hitRate").asDouble()).isPositive().isGreaterThanOrEqualTo(eval.path("popularityHitRate").asDouble());
    }

    /** The customer view shows the household (the other member as a link, why, the run) and the recommendations with why. */
    private static void console(RunningKith kith) {
        kith.app.console().accounts().create("agent", io.kith.staff.StaffRole.SERVICE_AGENT, io.kith.access.BrandScope.ALL, "a long test password");
        try (Browser b = new Browser("http://127.0.0.1:" + kith.app.port())) {
            b.signIn("agent", "a long test password");
            b.open("/customers/" + profile(kith, "regular2"));
            b.untilVisible("#household");
            assertThat(b.text("section[aria-labelledby=household]")).contains("2 profiles, confidence 85 %").contains("same address and surname")
                    .contains("households-1").doesNotContain("High");
            String other = profile(kith, "regular3");
            assertThat(b.driver.findElement(org.openqa.selenium.By.cssSelector("section[aria-labelledby=household] td a")).getAttribute("href"))
                    .endsWith("/customers/" + other);
            assertThat(b.text("section[aria-labelledby=recommended]")).contains("Product beans-").contains("bought or viewed with")
                    .contains("recommendations-1");
            b.open("/customers/" + profile(kith, "regular9"));
            b.untilVisible("#household");
            assertThat(b.text("section[aria-labelledby=household]")).contains("Not in a household");
        }
    }

    /** Propensity is trained with a time split, its AUC and calibration recorded, and banded by a label. */
    private static void propensity(RunningKith kith, String regular, String lapsed) throws Exception {
        JsonNode run = call(kith, "GET", "/api/v1/models/runs/propensity-1", null, 200).path("run");
        assertThat(run.path("metrics").path("trainingCustomers").asInt() + run.path("metrics").path("heldOutCustomers").asInt()).isEqualTo(60);
        assertThat(run.path("metrics").path("calibration").size()).isPositive();
        assertThat(run.path("parameters").path("cutoff").asText()).isNotEmpty();
        Map<String, JsonNode> r = values(kith, regular);
        Map<String, JsonNode> l = values(kith, lapsed);
        assertThat(r.get("model/purchase_propensity").path("value").asDouble())
                .isGreaterThan(l.get("model/purchase_propensity").path("value").asDouble());
        assertThat(r.get("label/purchase_propensity").path("value").asText()).isEqualTo("high");
        assertThat(l.get("label/purchase_propensity").path("value").asText()).isEqualTo("low");
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
            // regulars buy three of six coffees in turn and, last, a fourth; two of them pay with the same card
            for (int i = 0; i < 40; i++) {
                for (int n = 0; n < 20; n++) {
                    String card = i < 2 && n == 5 ? ",\"payment_card\":\"4111 1111 1111 1111\"" : "";
                    events.add(order("regular" + i, n, 3 + (i % 5) + 10L * n, 30 + i, "beans-" + ((i + (n == 0 ? 3 : n % 3)) % 6), card));
                }
                events.add(viewed("regular" + i, "grinder", 2));
            }
            for (int i = 0; i < 20; i++) {
                for (int n = 0; n < 6; n++) {
                    events.add(order("lapsed" + i, n, 300 + (i % 7) + 10L * n, 50 + i, "tea-" + ((i + n % 2) % 4), ""));
                }
            }
            // two regulars live at the same address
            String home = "{\"last_name\":\"Okafor\",\"address\":{\"street\":\"12 High Street\",\"city\":\"London\",\"postalCode\":\"SW1A 1AA\"}}";
            events.add(identify("regular2", home));
            events.add(identify("regular3", home.replace("12 High Street", "12, High St.")));
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
            assertThat(queued.path("models").toString()).isEqualTo("[\"clv\",\"clusters\",\"households\",\"recommendations\",\"propensity\"]");
            call(kith, "POST", "/api/v1/models/run?model=nope", null, 400);
            RunningKith.eventually(180, () -> {
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
            assertThat(why.size()).isEqualTo(3);
            assertThat(why.get(2).path("model").asText()).isEqualTo("propensity");
            assertThat(why.get(2).path("explanation").asText()).startsWith("purchase-propensity/1/").contains("P ");
            assertThat(why.get(0).path("model").asText()).isEqualTo("clv");
            assertThat(why.get(0).path("version").asInt()).isEqualTo(1);
            assertThat(why.get(0).path("explanation").asText()).contains("5 repeat purchases").contains("P(alive)");
            assertThat(why.get(1).path("explanation").asText()).startsWith("cluster ");

            // the lapsed customers, and only they, are likely to have churned
            JsonNode preview = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"model churn_risk > 0.5\"}", 200);
            assertThat(preview.path("count").asLong()).isEqualTo(20);
            JsonNode high = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"label churn_risk = \\\"high\\\"\"}", 200);
            assertThat(high.path("count").asLong()).isEqualTo(20);

            households(kith);
            recommendations(kith, regular);
            propensity(kith, regular, lapsed);
            console(kith);

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
                assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("clv: idle", "clv-2", "clv-1", "log-likelihood",
                        "households: idle", "households-1", "2 households of 4 profiles", "hit rate@10", "propensity: idle", "AUC");
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
