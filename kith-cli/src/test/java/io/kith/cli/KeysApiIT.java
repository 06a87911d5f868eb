package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secret write keys and their rotation, revocable API keys, and API keys limited to brands, over HTTP. */
class KeysApiIT {
    private static final ObjectMapper M = new ObjectMapper();
    private static RunningKith kith;

    @BeforeAll
    static void start() throws Exception {
        kith = new RunningKith();
    }

    @AfterAll
    static void stop() throws Exception {
        kith.close();
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        var request = method.equals("GET") ? kith.get(path) : kith.post(path, body == null ? "" : body);
        return kith.send(request.header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return M.readTree(r.body());
    }

    private static int track(String writeKey, String body) throws Exception {
        return kith.send(kith.post("/v1/track", body).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))).statusCode();
    }

    private static int send(String writeKey, String batch) throws Exception {
        return kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}").header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))).statusCode();
    }

    private static HttpResponse<String> withKey(String secret, String path) throws Exception {
        return kith.send(kith.get(path).header("Authorization", "Bearer " + secret));
    }

    @Test
    void aServerSideWriteKeyIsShownOnceThenNeverListedAndStillWorks() throws Exception {
        JsonNode created = json(admin("POST", "/api/v1/sources", "{\"name\":\"Tills\",\"brand\":\"northwind\",\"kind\":\"pos\"}"), 201);
        String key = created.path("writeKey").asText();
        assertThat(key).startsWith("wk_");
        assertThat(created.path("writeKeySecret").asBoolean()).isTrue();
        String id = created.path("id").asText();
        JsonNode one = json(admin("GET", "/api/v1/sources/" + id, null), 200);
        assertThat(one.has("writeKey")).isFalse();
        assertThat(one.path("writeKeySecret").asBoolean()).isTrue();
        String list = admin("GET", "/api/v1/sources", null).body();
        assertThat(list).doesNotContain(key).doesNotContain(Sources.POS.writeKey()).contains(Sources.WEB_SHOP.writeKey());
        assertThat(track(key, "{\"userId\":\"u\",\"event\":\"Till Sale\"}")).isEqualTo(200);
        assertThat(track(Sources.POS.writeKey(), "{\"userId\":\"u\",\"event\":\"Till Sale\"}")).as("declared in the sources file").isEqualTo(200);
    }

    @Test
    void aRotatedWriteKeyWorksThroughItsOverlapAndARotationWithoutOverlapRefusesItAtOnce() throws Exception {
        JsonNode created = json(admin("POST", "/api/v1/sources", "{\"name\":\"Call centre\",\"brand\":\"northwind\",\"kind\":\"call-centre\"}"), 201);
        String id = created.path("id").asText();
        String first = created.path("writeKey").asText();
        JsonNode rotated = json(admin("POST", "/api/v1/sources/" + id + "/rotate-key", null), 200);
        String second = rotated.path("writeKey").asText();
        assertThat(second).startsWith("wk_").isNotEqualTo(first);
        assertThat(rotated.path("previousKeyValidUntil").asText()).isNotEmpty();
        assertThat(track(first, "{\"userId\":\"u\",\"event\":\"Call\"}")).as("the default overlap is a day").isEqualTo(200);
        assertThat(track(second, "{\"userId\":\"u\",\"event\":\"Call\"}")).isEqualTo(200);
        String third = json(admin("POST", "/api/v1/sources/" + id + "/rotate-key", "{\"previousKeyValidFor\":\"PT0S\"}"), 200).path("writeKey").asText();
        assertThat(track(second, "{\"userId\":\"u\",\"event\":\"Call\"}")).isEqualTo(401);
        assertThat(track(first, "{\"userId\":\"u\",\"event\":\"Call\"}")).as("only the last replaced key overlaps").isEqualTo(401);
        assertThat(track(third, "{\"userId\":\"u\",\"event\":\"Call\"}")).isEqualTo(200);
        assertThat(admin("POST", "/api/v1/sources/src_nope/rotate-key", null).statusCode()).isEqualTo(404);
        assertThat(json(admin("POST", "/api/v1/sources/" + id + "/rotate-key", "{\"previousKeyValidFor\":\"a week\"}"), 400)
                .path("detail").asText()).contains("previousKeyValidFor");
        assertThat(kith.send(kith.post("/api/v1/sources/" + id + "/rotate-key", "").header("Authorization", "Bearer " + third)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aRevokedApiKeyIsRefusedAtOnce() throws Exception {
        JsonNode created = json(admin("POST", "/api/v1/api-keys", "{\"name\":\"desk\",\"scopes\":[\"admin:read\"]}"), 201);
        String secret = created.path("secret").asText();
        assertThat(withKey(secret, "/api/v1/sources").statusCode()).isEqualTo(200);
        JsonNode revoked = json(admin("POST", "/api/v1/api-keys/" + created.path("id").asText() + "/revoke", null), 200);
        assertThat(revoked.path("revokedAt").asText()).isNotEmpty();
        assertThat(withKey(secret, "/api/v1/sources").statusCode()).isEqualTo(401);
        JsonNode listed = json(admin("GET", "/api/v1/api-keys", null), 200);
        assertThat(listed.path("apiKeys")).filteredOn(k -> k.path("id").asText().equals(created.path("id").asText()))
                .singleElement().satisfies(k -> assertThat(k.path("revokedAt").asText()).isEqualTo(revoked.path("revokedAt").asText()));
        assertThat(admin("POST", "/api/v1/api-keys/key_nope/revoke", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aKeyLimitedToABrandSeesOnlyProfilesAndQuarantinedEventsOfThatBrand() throws Exception {
        String fresh = json(admin("POST", "/api/v1/sources", "{\"name\":\"Web\",\"brand\":\"freshmart\",\"kind\":\"web\"}"), 201)
                .path("writeKey").asText();
        assertThat(send(fresh, "{\"type\":\"identify\",\"userId\":\"u-fresh\"},{\"type\":\"track\",\"userId\":\"u-both\",\"event\":\"Fresh\"},"
                + "{\"type\":\"track\",\"userId\":\"u-fresh\"}")).isEqualTo(200);
        assertThat(send(Sources.WEB_SHOP.writeKey(), "{\"type\":\"identify\",\"userId\":\"u-north\"},"
                + "{\"type\":\"track\",\"userId\":\"u-both\",\"event\":\"North\"},{\"type\":\"track\",\"userId\":\"u-north\"}")).isEqualTo(200);
        kith.storedEvents();
        JsonNode key = json(admin("POST", "/api/v1/api-keys",
                "{\"name\":\"freshmart desk\",\"scopes\":[\"profiles:read\",\"admin:read\"],\"brands\":[\"freshmart\"]}"), 201);
        assertThat(key.path("brands")).extracting(JsonNode::asText).containsExactly("freshmart");
        String secret = key.path("secret").asText();

        assertThat(withKey(secret, "/api/v1/profiles/lookup?type=user_id&value=u-fresh").statusCode()).isEqualTo(200);
        HttpResponse<String> north = withKey(secret, "/api/v1/profiles/lookup?type=user_id&value=u-north");
        assertThat(north.statusCode()).isEqualTo(404);
        String northId = json(admin("GET", "/api/v1/profiles/lookup?type=user_id&value=u-north", null), 200).path("id").asText();
        assertThat(withKey(secret, "/api/v1/profiles/" + northId).statusCode()).isEqualTo(404);
        assertThat(withKey(secret, "/api/v1/profiles/" + northId + "/events").statusCode()).isEqualTo(404);
        assertThat(withKey(secret, "/api/v1/profiles/" + northId + "/explain").statusCode()).isEqualTo(404);
        String bothId = json(withKey(secret, "/api/v1/profiles/lookup?type=user_id&value=u-both"), 200).path("id").asText();
        JsonNode timeline = json(withKey(secret, "/api/v1/profiles/" + bothId + "/events"), 200);
        assertThat(timeline.path("events")).extracting(e -> e.path("event").asText()).containsExactly("Fresh");

        JsonNode quarantine = json(withKey(secret, "/api/v1/quarantine"), 200);
        assertThat(quarantine.path("events")).isNotEmpty().allSatisfy(q -> assertThat(q.path("raw").asText()).contains("u-fresh"));
        assertThat(quarantine.path("total").isNull()).isTrue();
        assertThat(json(withKey(secret, "/api/v1/quarantine?source=" + Sources.WEB_SHOP.id()), 200).path("events")).isEmpty();
        assertThat(json(admin("GET", "/api/v1/quarantine", null), 200).path("events").toString()).contains("u-north");
        assertThat(json(withKey(secret, "/api/v1/sources"), 200).path("sources")).extracting(s -> s.path("brand").asText())
                .containsOnly("freshmart");
        assertThat(withKey(secret, "/api/v1/sources/" + Sources.WEB_SHOP.id()).statusCode()).isEqualTo(404);

        assertThat(json(admin("POST", "/api/v1/api-keys", "{\"name\":\"ops\",\"scopes\":[\"identity:write\"],\"brands\":[\"freshmart\"]}"), 400)
                .path("detail").asText()).contains("identity:write");
    }
}
