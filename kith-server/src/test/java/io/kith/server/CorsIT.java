package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorsIT {
    private static final String ADMIN_UI = "https://admin.example.com";
    private static final String HOSTILE = "https://evil.example.net";
    private final HttpClient http = HttpClient.newHttpClient();
    private KithServer server;

    @BeforeEach
    void start() {
        server = KithServer.builder().host("127.0.0.1").port(0).corsOrigins(List.of("HTTPS://Admin.Example.com:443/"))
                .routes(r -> r.add("POST", "/v1/batch", Guard.WRITE_KEY, call -> HttpReply.json(200, "{}".getBytes()))
                        .add("GET", "/api/v1/sources", Guard.PUBLIC, call -> HttpReply.json(200, "[]".getBytes())))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (method.equals("OPTIONS")) {
            b.header("Access-Control-Request-Method", path.startsWith("/v1/") ? "POST" : "GET")
                    .header("Access-Control-Request-Headers", "authorization, content-type");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anyOriginMayCallTheCollectionApiWithoutCredentials() throws Exception {
        HttpResponse<String> pre = send("OPTIONS", "/v1/batch", HOSTILE);
        assertThat(pre.statusCode()).isEqualTo(204);
        HttpHeaders h = pre.headers();
        assertThat(h.firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(h.firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(h.firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization").contains("Content-Encoding")
                .contains("Content-Type");
        assertThat(h.firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        HttpResponse<String> post = send("POST", "/v1/batch", HOSTILE);
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(post.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(post.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Retry-After");
    }

    @Test
    void theAdminApiAnswersConfiguredOriginsOnlyAndNeverWithCredentials() throws Exception {
        HttpResponse<String> pre = send("OPTIONS", "/api/v1/sources", ADMIN_UI);
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains(ADMIN_UI);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
        assertThat(pre.headers().firstValue("Vary")).contains("Origin");
        HttpResponse<String> get = send("GET", "/api/v1/sources", ADMIN_UI);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains(ADMIN_UI);
        assertThat(get.headers().firstValue("Vary")).contains("Origin");
        for (HttpResponse<String> r : List.of(pre, get)) {
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
    }

    @Test
    void anOriginNotConfiguredGetsNoAllowHeaders() throws Exception {
        for (String origin : new String[] {HOSTILE, "null", "https://admin.example.com.evil.net"}) {
            HttpResponse<String> pre = send("OPTIONS", "/api/v1/sources", origin);
            assertThat(pre.headers().map().keySet()).as(origin).noneMatch(k -> k.toLowerCase().startsWith("access-control-allow"));
            assertThat(pre.headers().firstValue("Vary")).contains("Origin");
            HttpResponse<String> get = send("GET", "/api/v1/sources", origin);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().map().keySet()).as(origin).noneMatch(k -> k.toLowerCase().startsWith("access-control-allow"));
        }
    }

    @Test
    void aPreflightForAnUnknownPathIs404() throws Exception {
        assertThat(send("OPTIONS", "/api/v1/nothing", ADMIN_UI).statusCode()).isEqualTo(404);
    }

    @Test
    void aWildcardOrAPathIsNotAnOrigin() {
        for (String bad : new String[] {"*", "admin.example.com", "https://admin.example.com/app", "ftp://x.example.com", ""}) {
            assertThatThrownBy(() -> KithServer.builder().corsOrigins(List.of(bad))).as(bad)
                    .isInstanceOfSatisfying(KithException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
        }
    }
}
