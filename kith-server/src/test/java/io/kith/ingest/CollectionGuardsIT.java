package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.EventParser;
import io.kith.event.IngestLimits;
import io.kith.server.KithServer;
import io.kith.testkit.InMemoryEventLog;
import io.kith.testkit.InMemorySourceRegistry;
import io.kith.testkit.Sources;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The collection API's guards against hostile input, over a real socket. */
class CollectionGuardsIT {
    private static final ObjectMapper M = new ObjectMapper();
    private static final long GIB = 1L << 30;
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong usable = new AtomicLong(100 * GIB);
    private final AtomicLong now = new AtomicLong();
    private CollectionRoutes routes;
    private KithServer server;

    private void start(long maxInflightBytes, RateLimit rate) {
        DiskWatermark disk = new DiskWatermark(DiskFloor.DEFAULT, () -> new DiskWatermark.Space(usable.get(), 200 * GIB), now::get, "test");
        routes = new CollectionRoutes(log, new InMemorySourceRegistry(Sources.WEB_SHOP, Sources.APP), M, new EventParser(), IngestLimits.SEGMENT,
                registry, new CollectionRoutes.Guards(maxInflightBytes, rate, disk));
        server = KithServer.builder().host("127.0.0.1").port(0).routes(routes).build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String batch(int events, String pad) {
        StringBuilder b = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < events; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"").append(pad).append("\"}}");
        }
        return b.append("]}").toString();
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private HttpRequest.Builder post(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        return key == null ? b : b.header("Authorization", basic(key));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body the client streams with {@code Transfer-Encoding: chunked}: no length is declared. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static JsonNode problem(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        return M.readTree(r.body());
    }

    @Test
    void chunkedAndGzipBodiesCountTheirReadBytesAgainstTheInflightLimit() throws Exception {
        start(4_096, RateLimit.OFF);
        byte[] json = batch(20, "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).POST(chunked(json)));
        assertThat(chunked.statusCode()).isEqualTo(429);
        assertThat(problem(chunked).path("code").asText()).isEqualTo("OVERLOADED");
        assertThat(chunked.headers().firstValue("Retry-After")).isPresent();
        byte[] gz = gzip(json);
        assertThat(gz.length).isLessThan(4_096);
        HttpResponse<String> gzipped = send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz)));
        assertThat(gzipped.statusCode()).isEqualTo(429);
        assertThat(routes.inflightBytes()).isZero();
        assertThat(log.endSequence()).isZero();
        HttpResponse<String> small = send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).POST(chunked(batch(2, "y").getBytes(StandardCharsets.UTF_8))));
        assertThat(small.statusCode()).isEqualTo(200);
    }

    @Test
    void aGzipBombIsCutAtTheBodyLimitWith413() throws Exception {
        start(256L << 20, RateLimit.OFF);
        // 256 MiB of JSON in about 256 KB: a gzip member of 1 MiB of spaces, repeated (gzip members may be concatenated).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(gzip("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"".getBytes(StandardCharsets.UTF_8)));
        byte[] member = gzip(" ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 256; i++) {
            out.writeBytes(member);
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length).isLessThan(IngestLimits.SEGMENT.maxBatchBytes());
        for (HttpRequest.BodyPublisher body : new HttpRequest.BodyPublisher[] {HttpRequest.BodyPublishers.ofByteArray(bomb), chunked(bomb)}) {
            HttpResponse<String> r = send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).header("Content-Encoding", "gzip").POST(body));
            assertThat(r.statusCode()).isEqualTo(413);
            JsonNode p = problem(r);
            assertThat(p.path("code").asText()).isEqualTo("BATCH_TOO_LARGE");
            assertThat(p.path("detail").asText()).contains("limited to " + IngestLimits.SEGMENT.maxBatchBytes()).contains("decompressed");
        }
        assertThat(routes.inflightBytes()).isZero();
    }

    @Test
    void anUnknownEncodingIs415AndBrokenGzipIs400() throws Exception {
        start(256L << 20, RateLimit.OFF);
        HttpResponse<String> br = send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString(batch(1, "a"))));
        assertThat(br.statusCode()).isEqualTo(415);
        assertThat(problem(br).path("code").asText()).isEqualTo("UNSUPPORTED_ENCODING");
        HttpResponse<String> broken = send(post("/v1/track", Sources.WEB_SHOP.writeKey()).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}")));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(problem(broken).path("code").asText()).isEqualTo("INVALID_ENCODING");
    }

    @Test
    void aWriteKeyOverItsRateGets429WithRetryAfterAndOtherKeysGoOn() throws Exception {
        start(256L << 20, new RateLimit(0.01, 2));
        String event = "{\"userId\":\"u\",\"event\":\"E\"}";
        for (int i = 0; i < 2; i++) {
            assertThat(send(post("/v1/track", Sources.WEB_SHOP.writeKey()).POST(HttpRequest.BodyPublishers.ofString(event))).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = send(post("/v1/track", Sources.WEB_SHOP.writeKey()).POST(HttpRequest.BodyPublishers.ofString(event)));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(problem(limited).path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 100L);
        HttpResponse<String> inBody = send(post("/v1/t", null).POST(HttpRequest.BodyPublishers.ofString(
                "{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\",\"event\":\"E\"}")));
        assertThat(inBody.statusCode()).isEqualTo(429);
        assertThat(send(post("/v1/track", Sources.APP.writeKey()).POST(HttpRequest.BodyPublishers.ofString(event))).statusCode()).isEqualTo(200);
        assertThat(log.endSequence()).isEqualTo(3);
    }

    @Test
    void unknownWriteKeysAre401AndGetNoBucket() throws Exception {
        start(256L << 20, new RateLimit(0.01, 2));
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = send(post("/v1/track", "wk_made_up_" + i).POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}")));
            assertThat(r.statusCode()).isEqualTo(401);
        }
        assertThat(registry.scrape()).contains("kith_ingest_rate_buckets 0.0");
        send(post("/v1/track", Sources.APP.writeKey()).POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}")));
        assertThat(registry.scrape()).contains("kith_ingest_rate_buckets 1.0");
    }

    @Test
    void aDiskBelowItsFloorRefusesEventsWith503UntilSpaceIsFreed() throws Exception {
        start(256L << 20, RateLimit.OFF);
        usable.set(GIB / 2);
        HttpResponse<String> full = send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).POST(HttpRequest.BodyPublishers.ofString(batch(3, "z"))));
        assertThat(full.statusCode()).isEqualTo(503);
        JsonNode p = problem(full);
        assertThat(p.path("code").asText()).isEqualTo("STORAGE_FULL");
        assertThat(p.path("title").asText()).isEqualTo("Service Unavailable");
        assertThat(p.path("detail").asText()).contains("disk").contains("retry later");
        assertThat(full.headers().firstValue("Retry-After")).contains("60");
        assertThat(log.endSequence()).isZero();
        usable.set(10 * GIB);
        now.addAndGet(1_000_000_000L);
        assertThat(send(post("/v1/batch", Sources.WEB_SHOP.writeKey()).POST(HttpRequest.BodyPublishers.ofString(batch(3, "z")))).statusCode())
                .isEqualTo(200);
        assertThat(log.endSequence()).isEqualTo(3);
    }
}
