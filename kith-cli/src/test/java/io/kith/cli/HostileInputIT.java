package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import io.kith.testkit.Sources;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacks of the hostile-input issue, each sent as an attacker holding a public write key would, over a real
 * socket: none may stop the pipeline, fail the rest of a batch or keep a card number; after each, an ordinary event
 * is projected and found, and {@code /health} stays UP.
 */
class HostileInputIT {
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


    private static HttpResponse<String> send(String path, String body) throws Exception {
        return kith.send(kith.post(path, body).header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
    }

    private static List<String> storedIds(String prefix) throws InterruptedException {
        return kith.storedEvents().stream().map(StoredEvent::event).map(e -> e.messageId()).filter(id -> id.startsWith(prefix)).toList();
    }

    private static QuarantinedEvent quarantined(String text) throws InterruptedException {
        kith.storedEvents(); // the refusal is a log record too: wait until the projector has stored it
        return kith.app.store().quarantine().list(null, null, 1000).stream().filter(q -> q.raw().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing quarantined holds " + text));
    }

    /** An ordinary event sent now is stored, resolved and found by its user id; the pipeline is not stuck. */
    static void pipelineStillFlows(RunningKith kith, String marker) throws Exception {
        HttpResponse<String> ok = kith.send(kith.post("/v1/track", "{\"messageId\":\"after-" + marker + "\",\"userId\":\"u-" + marker
                + "\",\"event\":\"Still Here\"}").header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(kith.storedEvents().stream().map(e -> e.event().messageId())).contains("after-" + marker);
        HttpResponse<String> found = kith.send(kith.get("/api/v1/profiles/lookup?type=user_id&value=u-" + marker)
                .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode health = M.readTree(kith.send(kith.get("/health")).body());
        assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
    }

    @Test
    void aFarFutureTimestampIsRefusedWithItsReasonAndTheProjectionGoesOn() throws Exception {
        HttpResponse<String> r = send("/v1/track", "{\"messageId\":\"far-1\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"+300000-01-01T00:00:00Z\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("$.timestamp").contains("1900-01-01");
        assertThat(quarantined("far-1").rejection().path()).isEqualTo("$.timestamp");
        pipelineStillFlows(kith, "far");
    }

    @Test
    void oneBadItemOfABatchIsQuarantinedAloneAndTheOthersAreKept() throws Exception {
        HttpResponse<String> r = send("/v1/batch", "{\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"bb-1\",\"userId\":\"u1\",\"event\":\"ok\"},"
                + "{\"type\":\"identify\",\"messageId\":\"bb-2\",\"userId\":1e400},"
                + "{\"type\":\"track\",\"messageId\":\"bb-3\",\"userId\":\"u3\",\"event\":\"x\",\"originalTimestamp\":\"2199-12-31T00:00:00Z\",\"sentAt\":\"1900-01-01T00:00:00Z\"},"
                + "{\"type\":\"track\",\"messageId\":\"bb-4\",\"userId\":\"u4\",\"event\":\"x\",\"properties\":{\"note\":\"\\udc00\"}},"
                + "{\"type\":\"track\",\"messageId\":\"bb-5\",\"userId\":\"u5\",\"event\":\"ok\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(storedIds("bb-")).containsExactly("bb-1", "bb-5");
        assertThat(quarantined("bb-2").rejection().path()).isEqualTo("$.batch[1].userId");
        assertThat(quarantined("bb-3").rejection().path()).isEqualTo("$.batch[2].sentAt");
        assertThat(quarantined("bb-4").rejection().path()).isEqualTo("$.batch[3].properties.note");
        pipelineStillFlows(kith, "batch");
    }

    @Test
    void threeHundredIdentifierTypesInOneEventDoNotBreakResolution() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            ids.append(i == 0 ? "" : ",").append("{\"type\":\"custom_type_").append(i).append("\",\"id\":\"v").append(i).append("\"}");
        }
        HttpResponse<String> r = send("/v1/identify", "{\"messageId\":\"types-1\",\"userId\":\"u-types\",\"context\":{\"externalIds\":[" + ids + "]}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(storedIds("types-")).containsExactly("types-1");
        pipelineStillFlows(kith, "types");
    }

    @Test
    void aBatchContextCountsAgainstEachEventsSize() throws Exception {
        String big = "x".repeat(33_000); // each event alone is small; with the shared context, over 32 KiB
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            items.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"messageId\":\"ctx-").append(i).append("\",\"userId\":\"u\",\"event\":\"e\"}");
        }
        HttpResponse<String> r = send("/v1/batch", "{\"context\":{\"padding\":\"" + big + "\"},\"batch\":[" + items + "]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(storedIds("ctx-")).isEmpty();
        assertThat(quarantined("ctx-7").rejection().message()).contains("shared context");
        pipelineStillFlows(kith, "ctx");
    }

    @Test
    void aCardNumberInARefusedEventIsNotKeptInTheQuarantine() throws Exception {
        HttpResponse<String> r = send("/v1/track", "{\"messageId\":\"card-1\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":true,"
                + "\"properties\":{\"anything\":{\"deep\":[\"my card is 4111 1111 1111 1111\"]},\"n\":5500000000000004}}");
        assertThat(r.statusCode()).isEqualTo(400);
        QuarantinedEvent q = quarantined("card-1");
        assertThat(q.raw()).doesNotContain("4111 1111 1111").doesNotContain("550000000000").contains("**** **** **** 1111");
        HttpResponse<String> listed = kith.send(kith.get("/api/v1/quarantine?limit=1000").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(listed.body()).doesNotContain("4111 1111 1111 1111").doesNotContain("5500000000000004");
    }

    @Test
    void everythingStillHoldsAfterARestart() throws Exception {
        send("/v1/track", "{\"messageId\":\"rs-1\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"+300000-01-01T00:00:00Z\"}");
        send("/v1/batch", "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"rs-2\",\"userId\":1e400},{\"type\":\"track\",\"messageId\":\"rs-3\",\"userId\":\"u\",\"event\":\"ok\"}]}");
        assertThat(storedIds("rs-")).containsExactly("rs-3");
        RunningKith again = restart();
        kith = again;
        assertThat(storedIds("rs-")).containsExactly("rs-3");
        pipelineStillFlows(kith, "restart");
    }

    @Test
    void aQuarantinePageIsBoundedBySize() throws Exception {
        String garbage = "{\"batch\":[" + "x".repeat(100_000); // not JSON: the body is quarantined, cut to 64 KiB
        for (int i = 0; i < 70; i++) {
            assertThat(send("/v1/batch", garbage).statusCode()).isEqualTo(400);
        }
        kith.storedEvents();
        HttpResponse<String> listed = kith.send(kith.get("/api/v1/quarantine?limit=200").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        JsonNode page = M.readTree(listed.body());
        assertThat(page.path("events").size()).isBetween(1, 66);
        assertThat(listed.body().length()).isLessThan(5 << 20);
        assertThat(page.path("next").isTextual()).isTrue();
        assertThat(page.path("events").get(0).path("raw").asText()).contains("[cut: 100010 characters in all]");
        HttpResponse<String> tooMany = kith.send(kith.get("/api/v1/quarantine?limit=1000").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
        assertThat(tooMany.statusCode()).isEqualTo(400);
    }

    private static RunningKith restart() throws Exception {
        KithApp.Settings settings = kith.app.settings();
        kith.app.close();
        return new RunningKith(KithApp.start(settings));
    }
}
