package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.testkit.Sources;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The single customer view over HTTP, fed through the collection API like a real deployment. */
class ProfileApiIT {
    private static final ObjectMapper M = new ObjectMapper();


    private static void send(RunningKith kith, String writeKey, String batch) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}").header("Authorization", RunningKith.basic(writeKey)));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static JsonNode get(RunningKith kith, String path, String key, int status) throws Exception {
        HttpResponse<String> r = kith.send(kith.get(path).header("Authorization", "Bearer " + key));
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(status);
        return M.readTree(r.body());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void oneCustomerAcrossWebStoreAndCallCentre() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            send(kith, Sources.WEB_SHOP.writeKey(), """
                    {"type":"page","messageId":"w1","anonymousId":"cookie-1","timestamp":"2026-01-01T10:00:00Z"},
                    {"type":"track","messageId":"w2","anonymousId":"cookie-1","event":"Product Added","timestamp":"2026-01-01T10:01:00Z"},
                    {"type":"identify","messageId":"w3","anonymousId":"cookie-1","userId":"u-42","traits":{"email":"Grace@Example.com","first_name":"Gracie"},"timestamp":"2026-01-01T10:02:00Z"}""");
            send(kith, Sources.POS.writeKey(), """
                    {"type":"track","messageId":"p1","anonymousId":"receipt-7","event":"Order Completed","timestamp":"2026-01-02T09:00:00Z",
                     "context":{"traits":{"phone":"07700 900456"},"externalIds":[{"type":"loyalty_card","id":"LC-77"}]}}""");
            send(kith, Sources.CRM.writeKey(), """
                    {"type":"identify","messageId":"c1","userId":"u-42","timestamp":"2026-01-03T09:00:00Z",
                     "traits":{"first_name":"Grace","phone":"+44 7700 900456","loyalty_card":"LC-77","card_number":"4111 1111 1111 1111"}}""");
            send(kith, Sources.CALL_CENTRE.writeKey(), """
                    {"type":"track","messageId":"s1","anonymousId":"contact-1","event":"Support Contact","timestamp":"2026-01-04T09:00:00Z",
                     "properties":{"reason":"Delivery"},"context":{"traits":{"phone":"0044-7700-900456"}}}""");
            kith.storedEvents();
            String admin = RunningKith.ADMIN_KEY;

            JsonNode byPhone = get(kith, "/api/v1/profiles/lookup?type=phone&value=" + q("07700 900456"), admin, 200);
            String id = byPhone.path("id").asText();
            assertThat(id).isEqualTo("p_0");
            assertThat(byPhone.path("identifiers")).extracting(i -> i.path("type").asText() + ":" + i.path("value").asText())
                    .contains("user_id:u-42", "email:grace@example.com", "phone:+447700900456", "loyalty_card:LC-77", "anonymous_id:cookie-1")
                    .anyMatch(s -> s.startsWith("payment_token:tok_"));
            assertThat(byPhone.path("traits").path("first_name").path("value").asText()).isEqualTo("Grace");
            assertThat(byPhone.path("traits").path("first_name").path("source").asText()).isEqualTo(Sources.CRM.id());
            assertThat(byPhone.path("traits").has("card_number")).isFalse();
            assertThat(byPhone.path("brands")).extracting(JsonNode::asText).contains("northwind");
            assertThat(byPhone.path("sources")).hasSize(4);
            assertThat(byPhone.path("eventCount").asLong()).isEqualTo(6);
            String merged = byPhone.path("mergedFrom").get(0).asText();

            // a merged-away id resolves to the surviving profile
            HttpResponse<String> old = kith.send(kith.get("/api/v1/profiles/" + merged).header("Authorization", "Bearer " + admin));
            assertThat(M.readTree(old.body()).path("id").asText()).isEqualTo(id);
            assertThat(old.headers().firstValue("Content-Location")).contains("/api/v1/profiles/" + id);

            // the timeline, newest first, two pages
            JsonNode page1 = get(kith, "/api/v1/profiles/" + id + "/events?limit=4", admin, 200);
            assertThat(page1.path("events")).extracting(e -> e.path("messageId").asText()).containsExactly("s1", "c1", "p1", "w3");
            JsonNode page2 = get(kith, "/api/v1/profiles/" + id + "/events?limit=4&before=" + page1.path("next").asText(), admin, 200);
            assertThat(page2.path("events")).extracting(e -> e.path("messageId").asText()).containsExactly("w2", "w1");
            assertThat(page2.path("next").isNull()).isTrue();

            // why are the cookie and the call-centre contact one person?
            JsonNode why = get(kith, "/api/v1/profiles/" + id + "/explain?a=anonymous_id:cookie-1&b=anonymous_id:contact-1", admin, 200);
            assertThat(why.path("decisions")).anySatisfy(d -> assertThat(d.path("kind").asText()).isEqualTo("merged"));
            assertThat(why.path("decisions")).extracting(d -> d.path("messageId").asText()).contains("w3", "c1", "s1");

            // the stored event carries a token, never the card number
            // (the whole number, as sent or without its spaces: four digits alone turn up by chance in a timestamp or a token)
            assertThat(kith.app.log().read(0, 100)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .noneMatch(json -> json.contains("4111 1111 1111 1111") || json.contains("4111111111111111"));

            get(kith, "/api/v1/profiles/lookup?type=email&value=nobody@example.com", admin, 404);
        }
    }

    @Test
    void apiKeysCarryScopesAndWriteKeysAreRefused() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            send(kith, Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}}");
            kith.storedEvents();
            HttpResponse<String> created = kith.send(kith.post("/api/v1/api-keys", "{\"name\":\"service desk\",\"scopes\":[\"profiles:read\"]}")
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            assertThat(created.statusCode()).isEqualTo(201);
            String desk = M.readTree(created.body()).path("secret").asText();
            get(kith, "/api/v1/profiles/lookup?type=user_id&value=u1", desk, 200);
            JsonNode forbidden = get(kith, "/api/v1/identity/overrides", desk, 403);
            assertThat(forbidden.path("detail").asText()).contains("identity:write");
            get(kith, "/api/v1/profiles/lookup?type=user_id&value=u1", Sources.WEB_SHOP.writeKey(), 401);
            get(kith, "/api/v1/sources", desk, 403);
            HttpResponse<String> list = kith.send(kith.get("/api/v1/api-keys").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            assertThat(list.body()).contains("service desk").doesNotContain(desk);
        }
    }

    @Test
    void declaringTwoIdentifiersDistinctSplitsTheProfileExactly() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            // a call-centre agent typed the wrong phone: Ben's profile picked up Ann's phone
            send(kith, Sources.WEB_SHOP.writeKey(), """
                    {"type":"identify","messageId":"a1","userId":"ann","traits":{"phone":"07700 900111"},"timestamp":"2026-01-01T10:00:00Z"},
                    {"type":"identify","messageId":"b1","anonymousId":"ben-cookie","traits":{"email":"ben@example.com"},"timestamp":"2026-01-01T11:00:00Z"},
                    {"type":"track","messageId":"b2","anonymousId":"ben-cookie","event":"Support Contact","context":{"traits":{"phone":"07700 900111"}},"timestamp":"2026-01-01T12:00:00Z"},
                    {"type":"track","messageId":"b3","anonymousId":"ben-cookie","event":"Product Viewed","timestamp":"2026-01-01T13:00:00Z"}""");
            kith.storedEvents();
            String admin = RunningKith.ADMIN_KEY;
            JsonNode before = get(kith, "/api/v1/profiles/lookup?type=email&value=ben@example.com", admin, 200);
            assertThat(before.path("identifiers")).extracting(i -> i.path("value").asText()).contains("ann", "ben@example.com");

            HttpResponse<String> r = kith.send(kith.post("/api/v1/identity/overrides",
                    "{\"distinct\":[{\"type\":\"email\",\"value\":\"ben@example.com\"},{\"type\":\"phone\",\"value\":\"07700 900111\"}]}")
                    .header("Authorization", "Bearer " + admin));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/api/v1/identity/rebuilds/rb_");
            assertThat(M.readTree(r.body()).path("status").asText()).isIn("queued", "running", "done");
            JsonNode rebuild = kith.awaitRebuild(r);
            assertThat(rebuild.path("status").asText()).as(rebuild.toString()).isEqualTo("done");
            assertThat(rebuild.path("eventsReplayed").asLong()).isEqualTo(4);
            assertThat(rebuild.path("overridesVersion").asLong()).isEqualTo(1);
            assertThat(rebuild.path("finishedAt").asText()).isNotEmpty();

            JsonNode ben = get(kith, "/api/v1/profiles/lookup?type=email&value=ben@example.com", admin, 200);
            JsonNode ann = get(kith, "/api/v1/profiles/lookup?type=user_id&value=ann", admin, 200);
            assertThat(ben.path("id").asText()).isNotEqualTo(ann.path("id").asText());
            assertThat(ann.path("identifiers")).extracting(i -> i.path("value").asText()).containsExactlyInAnyOrder("ann", "+447700900111");
            // the contact event follows its strongest identifier, the phone, which is Ann's; Ben keeps his own events
            assertThat(get(kith, "/api/v1/profiles/" + ben.path("id").asText() + "/events", admin, 200).path("events"))
                    .extracting(e -> e.path("messageId").asText()).containsExactly("b3", "b1");
            assertThat(get(kith, "/api/v1/profiles/" + ann.path("id").asText() + "/events", admin, 200).path("events"))
                    .extracting(e -> e.path("messageId").asText()).containsExactly("b2", "a1");
            assertThat(ben.path("identifiers")).extracting(i -> i.path("type").asText()).doesNotContain("phone");

            // the override survives a restart
            kith.app.close();
            try (KithApp again = KithApp.start(kith.app.settings())) {
                java.util.Optional<String> benAfter = again.identity().read(g -> g.lookup(new io.kith.identity.Identifier("email", "ben@example.com")));
                java.util.Optional<String> annAfter = again.identity().read(g -> g.lookup(new io.kith.identity.Identifier("user_id", "ann")));
                assertThat(benAfter).isPresent().isNotEqualTo(annAfter);
            }
        }
    }

    @Test
    void aProfileReflectsAnAcknowledgedEventQuickly() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            long t0 = System.nanoTime();
            send(kith, Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"userId\":\"fast\",\"traits\":{\"email\":\"f@example.com\"}}");
            JsonNode found = null;
            while (found == null && System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos()) {
                HttpResponse<String> r = kith.send(kith.get("/api/v1/profiles/lookup?type=email&value=f@example.com")
                        .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
                if (r.statusCode() == 200) {
                    found = M.readTree(r.body());
                }
            }
            assertThat(found).isNotNull();
            assertThat(found.path("identifiers")).hasSize(2);
        }
    }
}
