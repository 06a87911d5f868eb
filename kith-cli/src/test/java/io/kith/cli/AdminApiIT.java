package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.server.Guard;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API and the operations endpoints. */
class AdminApiIT {
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

    @Test
    void createsASourceWhoseWriteKeyWorksAtOnce() throws Exception {
        HttpResponse<String> created = kith.send(kith.post("/api/v1/sources",
                "{\"name\":\"Call centre\",\"brand\":\"Northwind Telecom\",\"kind\":\"call-centre\",\"defaultRegion\":\"gb\"}")
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode source = M.readTree(created.body());
        assertThat(source.path("id").asText()).isEqualTo("src_northwind_telecom_call_centre");
        assertThat(source.path("kind").asText()).isEqualTo("call_center");
        assertThat(source.path("defaultRegion").asText()).isEqualTo("GB");
        String key = source.path("writeKey").asText();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/sources/" + source.path("id").asText());

        HttpResponse<String> track = kith.send(kith.post("/v1/track", "{\"userId\":\"u\",\"event\":\"Support Contact\"}")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes())));
        assertThat(track.statusCode()).isEqualTo(200);

        HttpResponse<String> list = kith.send(kith.get("/api/v1/sources").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(M.readTree(list.body()).path("sources")).extracting(s -> s.path("id").asText())
                .contains(Sources.WEB_SHOP.id(), "src_northwind_telecom_call_centre");
    }

    @Test
    void badSourceDefinitionsAre400NamingTheField() throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/api/v1/sources", "{\"name\":\"X\",\"brand\":\"Y\",\"defaultRegion\":\"Britain\"}")
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(M.readTree(r.body()).path("detail").asText()).contains("defaultRegion").contains("BRITAIN");
        HttpResponse<String> kind = kith.send(kith.post("/api/v1/sources", "{\"name\":\"X\",\"brand\":\"Y\",\"kind\":\"fax\"}")
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(M.readTree(kind.body()).path("detail").asText()).contains("fax");
    }

    @Test
    void theAdminApiNeedsTheAdminKeyNeverAWriteKey() throws Exception {
        assertThat(kith.send(kith.get("/api/v1/sources")).statusCode()).isEqualTo(401);
        assertThat(kith.send(kith.get("/api/v1/sources").header("Authorization", "Bearer " + Sources.WEB_SHOP.writeKey())).statusCode()).isEqualTo(401);
        assertThat(kith.send(kith.get("/api/v1/sources").header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((RunningKith.ADMIN_KEY + ":").getBytes()))).statusCode()).isEqualTo(401);
        assertThat(kith.send(kith.get("/api/v1/quarantine")).statusCode()).isEqualTo(401);
    }

    @Test
    void everyManagementRouteNeedsABearerTokenAndNoOtherRouteDoes() {
        assertThat(kith.app.routes()).isNotEmpty().allSatisfy(route -> {
            if (route.pattern().startsWith("/api/")) {
                assertThat(route.guard()).as("%s %s must be registered with a scope or Guard.ADMIN_KEY", route.method(), route.pattern())
                        .isInstanceOf(Guard.Bearer.class);
            } else {
                assertThat(route.guard()).as("%s %s", route.method(), route.pattern())
                        .isEqualTo(route.pattern().startsWith("/v1/") ? Guard.WRITE_KEY : Guard.PUBLIC);
            }
        });
    }

    @Test
    void healthMetricsAndOpenApiAreServed() throws Exception {
        JsonNode health = M.readTree(kith.send(kith.get("/health")).body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").has("logEndSequence")).isTrue();
        String metrics = kith.send(kith.get("/metrics")).body();
        assertThat(metrics).contains("kith_log_end_sequence").contains("kith_log_commit_seconds");
        JsonNode openapi = M.readTree(kith.send(kith.get("/openapi.json")).body());
        assertThat(openapi.path("openapi").asText()).startsWith("3.1"); // OpenApiIT checks what it documents
    }
}
