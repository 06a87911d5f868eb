package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.server.KithServer;
import io.kith.testkit.InMemoryEventLog;
import io.kith.testkit.InMemorySourceRegistry;
import io.kith.testkit.Sources;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollectionRoutesTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KithServer server;

    @BeforeEach
    void start() {
        server = KithServer.builder().host("127.0.0.1").port(0).retryAfterSeconds(3)
                .routes(new CollectionRoutes(log, new InMemorySourceRegistry(Sources.WEB_SHOP), mapper, IngestLimits.SEGMENT, registry, 1 << 20))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> track(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/track"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSaturatedLogIsAnswered429WithRetryAfter() throws Exception {
        log.overloaded(true);
        HttpResponse<String> r = track("{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\",\"event\":\"E\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("3");
        assertThat(log.endSequence()).isZero();
        log.overloaded(false);
        assertThat(track("{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\",\"event\":\"E\"}").statusCode()).isEqualTo(200);
        assertThat(log.endSequence()).isEqualTo(1);
    }

    @Test
    void anInvalidSingleEventIs400AndQuarantinedInTheLog() throws Exception {
        HttpResponse<String> r = track("{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(r.body()).path("detail").asText()).contains("$.event").contains("quarantined");
        LogRecord record = new LogRecordCodec(mapper).decode(log.read(0, 1).get(0).payload());
        assertThat(record).isInstanceOfSatisfying(LogRecord.Quarantined.class,
                q -> assertThat(q.event().rejection().path()).isEqualTo("$.event"));
    }

    @Test
    void metricsCountAcceptedAndRejectedEvents() throws Exception {
        track("{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\",\"event\":\"E\"}");
        track("{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\"}");
        String scrape = registry.scrape();
        assertThat(scrape).contains("kith_events_ingested_total{brand=\"northwind\",source=\"src_webshop\"} 1.0");
        assertThat(scrape).contains("kith_events_rejected_total{code=\"INVALID_EVENT\"}");
        assertThat(scrape).contains("kith_ingest_requests_total{status=\"400\"} 1.0");
    }

    private HttpResponse<String> post(String path, byte[] body, String contentType) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((Sources.WEB_SHOP.writeKey() + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Basic " + basic).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    private java.util.List<LogRecord> stored() {
        LogRecordCodec codec = new LogRecordCodec(mapper);
        return log.read(0, Integer.MAX_VALUE).stream().map(e -> codec.decode(e.payload())).toList();
    }

    private static String storedText(LogRecord r) {
        return switch (r) {
            case LogRecord.Accepted a -> a.event().json().toString();
            case LogRecord.Quarantined q -> q.event().raw();
            default -> r.toString();
        };
    }

    @Test
    void cardNumbersInAcceptedEventsAreStoredMasked() throws Exception {
        assertThat(post("/v1/track", """
                {"userId":"u1","event":"Paid","properties":{"note":"card 4111111111111111 used","cc":"4111 1111 1111 1111","n":4111111111111111}}""")
                .statusCode()).isEqualTo(200);
        assertThat(post("/v1/identify", "{\"userId\":\"u1\",\"traits\":{\"memo\":\"5500000000000004\"}}").statusCode()).isEqualTo(200);
        assertThat(post("/v1/batch", """
                {"batch":[{"type":"track","userId":"u2","event":"E","properties":{"memo":"\\u0034111111111111111"}},
                          {"type":"track","userId":"u3","event":"E","properties":{"ok":"fine"}}],
                 "context":{"note":"5500-0000-0000-0004"}}""").statusCode()).isEqualTo(200);
        java.util.List<LogRecord> records = stored();
        assertThat(records).hasSize(4).allSatisfy(r -> assertThat(r).isInstanceOf(LogRecord.Accepted.class));
        for (LogRecord r : records) {
            assertThat(storedText(r)).doesNotContain("4111111111111111").doesNotContain("4111 1111").doesNotContain("5500");
        }
        ObjectNode track = ((LogRecord.Accepted) records.get(0)).event().json();
        assertThat(track.path("properties").toString())
                .isEqualTo("{\"note\":\"card ************1111 used\",\"cc\":\"**** **** **** 1111\",\"n\":\"************1111\"}");
        assertThat(((LogRecord.Accepted) records.get(1)).event().json().path("traits").path("memo").asText()).isEqualTo("************0004");
        assertThat(((LogRecord.Accepted) records.get(2)).event().json().path("properties").path("memo").asText()).isEqualTo("************1111");
        assertThat(((LogRecord.Accepted) records.get(3)).event().json().path("context").path("note").asText()).isEqualTo("****-****-****-0004");
    }

    @Test
    void aCardNumberWrittenWithAnExponentInABatchIsMaskedToo() throws Exception {
        // 59e14 is 5900000000000000: four digits in the bytes, which the search for 13 does not see
        assertThat(post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u9\",\"event\":\"E\",\"properties\":{\"p\":59e14,\"q\":1.5e3}}]}")
                .statusCode()).isEqualTo(200);
        ObjectNode properties = (ObjectNode) ((LogRecord.Accepted) stored().get(0)).event().json().path("properties");
        assertThat(properties.path("p").asText()).isEqualTo("************0000");
        assertThat(properties.path("q").asDouble()).isEqualTo(1500.0);
    }

    @Test
    void aCardNumberSpeltWithEscapesIsMaskedInTheQuarantine() throws Exception {
        HttpResponse<String> r = post("/v1/track", "{\"userId\":\"c7\",\"event\":\"\",\"properties\":{\"n\":\"\\u0034111111111111111\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        LogRecord.Quarantined q = (LogRecord.Quarantined) stored().get(0);
        assertThat(q.event().raw()).isEqualTo("{\"userId\":\"c7\",\"event\":\"\",\"properties\":{\"n\":\"************1111\"}}");
    }

    @Test
    void contentAfterASingleEventIsRefusedAndQuarantined() throws Exception {
        HttpResponse<String> two = post("/v1/track", "{\"userId\":\"trail_a\",\"event\":\"one\"}{\"userId\":\"trail_b\",\"event\":\"two\"}");
        assertThat(two.statusCode()).as(two.body()).isEqualTo(400);
        assertThat(mapper.readTree(two.body()).path("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(mapper.readTree(two.body()).path("detail").asText()).contains("unexpected content after the JSON object")
                .contains("column 35").contains("quarantined");
        HttpResponse<String> garbage = post("/v1/identify", "{\"userId\":\"trail_c\"} garbage");
        assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(400);
        assertThat(post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]} {}").statusCode()).isEqualTo(400);
        java.util.List<LogRecord> records = stored();
        assertThat(records).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(LogRecord.Quarantined.class));
        assertThat(storedText(records.get(0))).contains("trail_b");
        assertThat(storedText(records.get(1))).contains("garbage");
    }

    @Test
    void aBadSharedContextOrSentAtRefusesTheBatch() throws Exception {
        HttpResponse<String> context = post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}],\"context\":[1]}");
        assertThat(context.statusCode()).as(context.body()).isEqualTo(400);
        assertThat(mapper.readTree(context.body()).path("code").asText()).isEqualTo("INVALID_EVENT");
        assertThat(mapper.readTree(context.body()).path("detail").asText()).startsWith("$.context: must be an object, got an array");
        HttpResponse<String> sentAt = post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}],\"sentAt\":\"garbage\"}");
        assertThat(sentAt.statusCode()).as(sentAt.body()).isEqualTo(400);
        assertThat(mapper.readTree(sentAt.body()).path("detail").asText()).startsWith("$.sentAt: ").contains("\"garbage\"");
        assertThat(stored()).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(LogRecord.Quarantined.class));
        assertThat(post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}],\"sentAt\":\"2026-03-01T12:00:00Z\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() throws Exception {
        String event = "{\"userId\":\"u\",\"event\":\"E\"}";
        HttpResponse<String> declared = post("/v1/track", event.getBytes(java.nio.charset.StandardCharsets.UTF_16), "application/json; charset=utf-16");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(400);
        assertThat(mapper.readTree(declared.body()).path("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(mapper.readTree(declared.body()).path("detail").asText()).contains("UTF-8").contains("charset=utf-16");
        HttpResponse<String> undeclared = post("/v1/batch", ("{\"batch\":[" + event.replace("{", "{\"type\":\"track\",") + "]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE), "application/json");
        assertThat(undeclared.statusCode()).as(undeclared.body()).isEqualTo(400);
        assertThat(mapper.readTree(undeclared.body()).path("detail").asText()).contains("UTF-16");
        assertThat(log.endSequence()).isZero();
        assertThat(post("/v1/track", event.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json; charset=\"UTF-8\"").statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/track", event.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain").statusCode()).isEqualTo(200);
    }
}
