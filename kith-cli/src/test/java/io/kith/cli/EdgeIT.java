package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.ingest.DiskFloor;
import io.kith.ingest.RateLimit;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edge settings reach a running Kith: CORS origins of the admin API, the rate limit, the disk floor. */
class EdgeIT {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String ADMIN_UI = "https://admin.example.com";

    @Test
    void corsOriginsAndTheRateLimitAreApplied() throws Exception {
        try (RunningKith kith = new RunningKith(EdgeSettings.DEFAULTS.withCorsOrigins(List.of(ADMIN_UI)).withRateLimit(new RateLimit(0.01, 1)))) {
            String auth = "Bearer " + RunningKith.ADMIN_KEY;
            HttpResponse<String> allowed = kith.send(kith.get("/api/v1/sources").header("Authorization", auth).header("Origin", ADMIN_UI));
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ADMIN_UI);
            HttpResponse<String> other = kith.send(kith.get("/api/v1/sources").header("Authorization", auth)
                    .header("Origin", "https://shop.example.com"));
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(other.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

            String event = "{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey() + "\",\"userId\":\"u\",\"event\":\"E\"}";
            assertThat(kith.send(kith.post("/v1/track", event)).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = kith.send(kith.post("/v1/track", event));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(M.readTree(limited.body()).path("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void aDiskBelowTheFloorRefusesEventsButNotTheAdminApi() throws Exception {
        // Every disk has less than all of its space usable: a floor of 100% is a full disk.
        try (RunningKith kith = new RunningKith(EdgeSettings.DEFAULTS.withMinFreeDisk(DiskFloor.parse("100%")))) {
            HttpResponse<String> r = kith.send(kith.post("/v1/track", "{\"writeKey\":\"" + Sources.WEB_SHOP.writeKey()
                    + "\",\"userId\":\"u\",\"event\":\"E\"}"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(M.readTree(r.body()).path("code").asText()).isEqualTo("STORAGE_FULL");
            assertThat(r.headers().firstValue("Retry-After")).contains("60");
            assertThat(kith.app.log().endSequence()).isZero();
            assertThat(kith.send(kith.get("/api/v1/sources").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY)).statusCode())
                    .isEqualTo(200);
        }
    }
}
