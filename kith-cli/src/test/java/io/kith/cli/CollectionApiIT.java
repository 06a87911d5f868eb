package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.Event;
import io.kith.event.EventType;
import io.kith.event.StoredEvent;
import io.kith.testkit.Sources;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The collection API over a real socket, as clients that are not Segment's libraries use it. */
class CollectionApiIT {
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


    private static List<Event> eventsWithMessagePrefix(String prefix) throws InterruptedException {
        return kith.storedEvents().stream().map(StoredEvent::event).filter(e -> e.messageId().startsWith(prefix)).toList();
    }

    @Test
    void everyEndpointShortPathAndTrailingSlashAcceptsItsCall() throws Exception {
        String[][] calls = {
            {"/v1/identify", "{\"userId\":\"u\",\"traits\":{\"email\":\"a@b.co\"}}"},
            {"/v1/track/", "{\"userId\":\"u\",\"event\":\"Signed Up\"}"},
            {"/v1/page", "{\"anonymousId\":\"a\",\"name\":\"Home\"}"},
            {"/v1/screen", "{\"anonymousId\":\"a\",\"name\":\"Cart\"}"},
            {"/v1/group", "{\"userId\":\"u\",\"groupId\":\"g1\"}"},
            {"/v1/alias", "{\"userId\":\"u\",\"previousId\":\"a\"}"},
            {"/v1/i", "{\"userId\":\"u\"}"},
            {"/v1/t", "{\"userId\":\"u\",\"event\":\"Short\"}"},
            {"/v1/p", "{\"anonymousId\":\"a\"}"},
            {"/v1/s", "{\"anonymousId\":\"a\"}"},
            {"/v1/g", "{\"userId\":\"u\",\"groupId\":\"g2\"}"},
            {"/v1/a", "{\"userId\":\"u\",\"previousId\":\"b\"}"},
        };
        for (int i = 0; i < calls.length; i++) {
            String body = calls[i][1].replaceFirst("\\{", "{\"messageId\":\"ep-" + i + "\",");
            HttpResponse<String> r = kith.send(kith.post(calls[i][0], body).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
            assertThat(r.statusCode()).as(calls[i][0]).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"success\":true}");
        }
        List<Event> stored = eventsWithMessagePrefix("ep-");
        assertThat(stored).extracting(Event::type).containsExactly(EventType.IDENTIFY, EventType.TRACK, EventType.PAGE, EventType.SCREEN,
                EventType.GROUP, EventType.ALIAS, EventType.IDENTIFY, EventType.TRACK, EventType.PAGE, EventType.SCREEN, EventType.GROUP,
                EventType.ALIAS);
    }

    @Test
    void textPlainBodiesWithTheKeyInsideAreAcceptedAsAnalyticsJsSendsThem() throws Exception {
        HttpResponse<String> r = kith.send(HttpRequest.newBuilder(URI.create(kith.url("/v1/t")))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey()
                        + "\",\"messageId\":\"tp-1\",\"anonymousId\":\"a\",\"event\":\"Clicked\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(eventsWithMessagePrefix("tp-")).extracting(Event::name).containsExactly("Clicked");
    }

    @Test
    void gzipBodiesAreUnpacked() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"batch\":[{\"type\":\"track\",\"messageId\":\"gz-1\",\"userId\":\"u\",\"event\":\"Zipped\"}]}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = kith.send(HttpRequest.newBuilder(URI.create(kith.url("/v1/batch")))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("Authorization", RunningKith.basic(Sources.APP.writeKey()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(eventsWithMessagePrefix("gz-")).singleElement().satisfies(e -> assertThat(e.sourceId()).isEqualTo(Sources.APP.id()));
    }

    @Test
    void anyOriginMayCallTheCollectionApiWithoutCredentials() throws Exception {
        HttpResponse<String> pre = kith.send(HttpRequest.newBuilder(URI.create(kith.url("/v1/batch")))
                .header("Origin", "https://shop.example.com").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Content-Type").contains("Authorization")
                .contains("Content-Encoding");
        HttpResponse<String> post = kith.send(kith.post("/v1/t", "{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey()
                + "\",\"anonymousId\":\"a\",\"event\":\"X\"}").header("Origin", "https://shop.example.com"));
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(post.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void unknownOrMissingWriteKeyIs401() throws Exception {
        HttpResponse<String> unknown = kith.send(kith.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}").header("Authorization", RunningKith.basic("wk_nope")));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(M.readTree(unknown.body()).path("code").asText()).isEqualTo("UNKNOWN_WRITE_KEY");
        HttpResponse<String> missing = kith.send(kith.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}"));
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(M.readTree(missing.body()).path("detail").asText()).contains("Basic").contains("writeKey");
    }

    @Test
    void invalidJsonIs400WithLineAndColumnAndIsQuarantined() throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\": [ {\"type\": \"track\", }").header("Authorization", RunningKith.basic(Sources.POS.writeKey())));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = M.readTree(r.body());
        assertThat(problem.path("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(problem.path("detail").asText()).contains("line 1, column");
        kith.storedEvents();
        JsonNode q = quarantine("?source=" + Sources.POS.id());
        assertThat(q.path("events")).anySatisfy(e -> {
            assertThat(e.path("code").asText()).isEqualTo("INVALID_JSON");
            assertThat(e.path("raw").asText()).isEqualTo("{\"batch\": [ {\"type\": \"track\", }");
        });
    }

    @Test
    void aBatchKeepsItsValidEventsAndQuarantinesEachInvalidOneWithItsReason() throws Exception {
        String body = """
                {"batch":[
                  {"type":"track","messageId":"pb-1","userId":"u1","event":"Order Completed"},
                  {"type":"track","messageId":"pb-2","userId":"u1"},
                  {"type":"identify","messageId":"pb-3"},
                  {"type":"page","messageId":"pb-4","anonymousId":"a","properties":[1,2]},
                  {"type":"page","messageId":"pb-5","anonymousId":"a"}
                ],"context":{"ip":"10.0.0.1"}}""";
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", body).header("Authorization", RunningKith.basic(Sources.CRM.writeKey())));
        assertThat(r.statusCode()).isEqualTo(200);
        List<Event> kept = eventsWithMessagePrefix("pb-");
        assertThat(kept).extracting(Event::messageId).containsExactly("pb-1", "pb-5");
        assertThat(kept).allSatisfy(e -> assertThat(e.context().path("ip").asText()).isEqualTo("10.0.0.1"));
        JsonNode q = quarantine("?source=" + Sources.CRM.id() + "&limit=10");
        assertThat(q.path("events")).extracting(e -> e.path("path").asText())
                .contains("$.batch[1].event", "$.batch[2]", "$.batch[3].properties");
        assertThat(q.path("events")).anySatisfy(e -> assertThat(e.path("reason").asText()).contains("userId or anonymousId is required"));
    }

    @Test
    void oversizeRequestsAre413NamingTheLimit() throws Exception {
        String big = "x".repeat(40_000);
        HttpResponse<String> single = kith.send(kith.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"b\":\"" + big + "\"}}")
                .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(single.statusCode()).isEqualTo(413);
        assertThat(M.readTree(single.body()).path("code").asText()).isEqualTo("EVENT_TOO_LARGE");
        StringBuilder many = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 2_501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}");
        }
        HttpResponse<String> count = kith.send(kith.post("/v1/batch", many.append("]}").toString()).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(count.statusCode()).isEqualTo(413);
        assertThat(M.readTree(count.body()).path("detail").asText()).contains("2500").contains("2501");
        String huge = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"b\":\"" + "y".repeat(600_000) + "\"}}]}";
        HttpResponse<String> bytes = kith.send(kith.post("/v1/batch", huge).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(bytes.statusCode()).isEqualTo(413);
        assertThat(M.readTree(bytes.body()).path("code").asText()).isEqualTo("BATCH_TOO_LARGE");
    }

    @Test
    void anEventOver32KbInABatchIsQuarantinedAndTheRestKept() throws Exception {
        String body = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"big-1\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"b\":\""
                + "z".repeat(40_000) + "\"}},{\"type\":\"track\",\"messageId\":\"big-2\",\"userId\":\"u\",\"event\":\"Small\"}]}";
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", body).header("Authorization", RunningKith.basic(Sources.CALL_CENTRE.writeKey())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(eventsWithMessagePrefix("big-")).extracting(Event::messageId).containsExactly("big-2");
        assertThat(quarantine("?source=" + Sources.CALL_CENTRE.id()).path("events"))
                .anySatisfy(e -> assertThat(e.path("code").asText()).isEqualTo("EVENT_TOO_LARGE"));
    }

    @Test
    void aRetriedBatchIsStoredOnce() throws Exception {
        String body = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"retry-1\",\"userId\":\"u\",\"event\":\"E\"},"
                + "{\"type\":\"track\",\"messageId\":\"retry-2\",\"userId\":\"u\",\"event\":\"E\"}]}";
        for (int i = 0; i < 3; i++) {
            assertThat(kith.send(kith.post("/v1/batch", body).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey()))).statusCode()).isEqualTo(200);
        }
        assertThat(eventsWithMessagePrefix("retry-")).extracting(Event::messageId).containsExactly("retry-1", "retry-2");
    }

    @Test
    void clockSkewIsCorrectedWithSentAt() throws Exception {
        String body = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"skew-1\",\"userId\":\"u\",\"event\":\"E\","
                + "\"timestamp\":\"2030-01-01T00:00:00Z\"}],\"sentAt\":\"2030-01-01T00:00:10Z\"}";
        // the batch-level sentAt is what analytics clients send; it applies to every event
        kith.send(kith.post("/v1/batch", body.replace("\"event\":\"E\",", "\"event\":\"E\",\"sentAt\":\"2030-01-01T00:00:10Z\","))
                .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        Event e = eventsWithMessagePrefix("skew-").get(0);
        assertThat(java.time.Duration.between(e.timestamp(), e.receivedAt()).toSeconds()).isEqualTo(10);
    }

    private static JsonNode quarantine(String query) throws Exception {
        HttpResponse<String> r = kith.send(kith.get("/api/v1/quarantine" + query).header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(r.statusCode()).isEqualTo(200);
        return M.readTree(r.body());
    }
}
