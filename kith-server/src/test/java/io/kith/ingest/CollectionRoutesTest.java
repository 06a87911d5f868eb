package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
}
