package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.identity.Identifier;
import io.kith.testkit.Sources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Segments end to end: created over the API from the text language, evaluated whole in the background, kept current
 * by events in real time (an order takes an abandoned cart out), moved with merges, versioned, validated with
 * suggestions, previewed, exported, and a profile's memberships with their history.
 */
class SegmentsIT {
    private static final ObjectMapper M = new ObjectMapper();

    private static HttpResponse<String> events(RunningKith kith, String batch) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}")
                .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    private static String ago(Duration d) {
        return Instant.now().minus(d).toString();
    }

    private static JsonNode call(RunningKith kith, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kith.url(path))).header("Authorization", "Bearer " + RunningKith.ADMIN_KEY)
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = kith.send(b);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv") ? M.getNodeFactory().textNode(r.body()) : M.readTree(r.body());
    }

    private static String profileOf(RunningKith kith, String userId) {
        return kith.app.identity().read(g -> g.lookup(new Identifier("user_id", userId))).orElseThrow();
    }

    private static List<String> members(RunningKith kith, String key) throws Exception {
        List<String> out = new ArrayList<>();
        call(kith, "GET", "/api/v1/segments/" + key + "/members?limit=1000", null, 200).path("members").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void eventually(RunningKith.Check check) throws Exception {
        RunningKith.eventually(10, check);
    }

    @Test
    void segmentsFollowEventsMergesAndVersions() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            events(kith, """
                    {"type":"track","messageId":"a1","userId":"ann","event":"Product Added","timestamp":"%s"},
                    {"type":"track","messageId":"b1","userId":"ben","event":"Product Added","timestamp":"%s"},
                    {"type":"track","messageId":"b2","userId":"ben","event":"Order Completed","properties":{"total":120.50},"timestamp":"%s"},
                    {"type":"track","messageId":"c1","userId":"cat","event":"Order Completed","properties":{"total":30},"timestamp":"%s"},
                    {"type":"identify","messageId":"d1","userId":"dan","traits":{"email":"dan@example.com","plan":"gold"},"timestamp":"%s"},
                    {"type":"track","messageId":"e1","anonymousId":"eve-cookie","event":"Order Completed","properties":{"total":200},"timestamp":"%s"}
                    """.formatted(ago(Duration.ofHours(30)), ago(Duration.ofHours(20)), ago(Duration.ofHours(19)), ago(Duration.ofDays(40)),
                    ago(Duration.ofDays(2)), ago(Duration.ofDays(5))));
            kith.storedEvents();
            String ann = profileOf(kith, "ann");
            String ben = profileOf(kith, "ben");
            String cat = profileOf(kith, "cat");
            String eve = kith.app.identity().read(g -> g.lookup(new Identifier("anonymous_id", "eve-cookie"))).orElseThrow();

            // a misspelt event name is reported with a suggestion, at its line and column
            JsonNode v = call(kith, "POST", "/api/v1/segments/validate",
                    "{\"condition\":\"performed \\\"Product Added\\\" within 3 days\\nthen not \\\"Order Complete\\\"\"}", 200);
            assertThat(v.path("valid").asBoolean()).isFalse();
            assertThat(v.path("diagnostics").get(0).path("line").asInt()).isEqualTo(2);
            assertThat(v.path("diagnostics").get(0).path("suggestion").asText()).contains("Order Completed");

            // a preview answers from the stored profile rows, which follow identity within a flush
            assertThat(kith.app.awaitProfilesWritten(Duration.ofSeconds(10))).isTrue();
            String cart = "performed \\\"Product Added\\\" within 3 days then not \\\"Order Completed\\\"";
            JsonNode preview = call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"" + cart + "\"}", 200);
            assertThat(preview.path("count").asLong()).isEqualTo(1);
            assertThat(preview.path("sample").get(0).asText()).isEqualTo(ann);
            // a 'now' so far off that a window from it leaves the years both engines write: refused, not a 500 or an answer of year -1
            assertThat(call(kith, "POST", "/api/v1/segments/preview", "{\"condition\":\"" + cart + "\",\"now\":\"0001-01-02T00:00:00Z\"}", 400)
                    .path("detail").asText()).contains("'now' must be from 2000-01-01T00:00:00Z");

            JsonNode created = call(kith, "POST", "/api/v1/segments",
                    "{\"key\":\"cart-abandoned-3d\",\"name\":\"Abandoned cart\",\"condition\":\"" + cart + "\"}", 201);
            assertThat(created.path("version").asInt()).isEqualTo(1);
            assertThat(created.path("temporalClass").asText()).isEqualTo("TIME_DECAYING");
            call(kith, "POST", "/api/v1/segments", "{\"key\":\"cart-abandoned-3d\",\"condition\":\"" + cart + "\"}", 409);
            call(kith, "POST", "/api/v1/segments", "{\"key\":\"buyers\",\"name\":\"Buyers\",\"condition\":\"count(\\\"Order Completed\\\") >= 1\"}", 201);
            call(kith, "POST", "/api/v1/segments",
                    "{\"key\":\"big-buyers\",\"condition\":\"in segment \\\"buyers\\\" and sum(properties.total of \\\"Order Completed\\\") > 100\"}", 201);
            // a reference to a segment that does not exist, and one that would close a cycle, are refused
            call(kith, "POST", "/api/v1/segments", "{\"key\":\"ghost-fans\",\"condition\":\"in segment \\\"ghosts\\\"\"}", 400);
            call(kith, "PUT", "/api/v1/segments/buyers", "{\"condition\":\"in segment \\\"big-buyers\\\"\"}", 400);

            eventually(() -> {
                assertThat(members(kith, "cart-abandoned-3d")).containsExactly(ann);
                assertThat(members(kith, "buyers")).containsExactlyInAnyOrder(ben, cat, eve);
                assertThat(members(kith, "big-buyers")).containsExactlyInAnyOrder(ben, eve);
                assertThat(call(kith, "GET", "/api/v1/segments/buyers", null, 200).path("segment").path("status").asText()).isEqualTo("ready");
            });

            // Ann orders: she leaves the abandoned carts and joins the buyers, in real time
            events(kith, "{\"type\":\"track\",\"messageId\":\"a2\",\"userId\":\"ann\",\"event\":\"Order Completed\",\"properties\":{\"total\":80},\"timestamp\":\""
                    + ago(Duration.ofMinutes(1)) + "\"}");
            eventually(() -> {
                assertThat(members(kith, "cart-abandoned-3d")).isEmpty();
                assertThat(members(kith, "buyers")).containsExactlyInAnyOrder(ann, ben, cat, eve);
            });
            JsonNode annSegments = call(kith, "GET", "/api/v1/profiles/" + ann + "/segments", null, 200);
            assertThat(annSegments.path("segments").toString()).isEqualTo("[\"buyers\"]");
            List<String> causes = new ArrayList<>();
            annSegments.path("history").forEach(h -> causes.add(h.path("segment").asText() + (h.path("entered").asBoolean() ? " +" : " -") + " " + h.path("cause").asText()));
            assertThat(causes.get(0)).isEqualTo("cart-abandoned-3d + definition v1");
            assertThat(causes.subList(1, causes.size())).containsExactlyInAnyOrder("cart-abandoned-3d - event", "buyers + event");

            // Eve's cookie turns out to be Cat's: the two profiles merge; the absorbed one leaves, the survivor is evaluated again
            events(kith, "{\"type\":\"identify\",\"messageId\":\"m1\",\"anonymousId\":\"eve-cookie\",\"userId\":\"cat\",\"timestamp\":\""
                    + ago(Duration.ofSeconds(30)) + "\"}");
            kith.storedEvents();
            String survivor = profileOf(kith, "cat");
            java.util.Optional<String> eveNow = kith.app.identity().read(g -> g.lookup(new Identifier("anonymous_id", "eve-cookie")));
            assertThat(eveNow).contains(survivor);
            String absorbed = survivor.equals(cat) ? eve : cat;
            eventually(() -> {
                assertThat(members(kith, "buyers")).containsExactlyInAnyOrder(ann, ben, survivor);
                assertThat(members(kith, "big-buyers")).containsExactlyInAnyOrder(ben, survivor);
            });
            assertThat(kith.app.store().segments().history(absorbed)).anySatisfy(h -> assertThat(h.cause()).isEqualTo("merged into " + survivor));

            // a new version is evaluated whole; its entries and exits name it
            JsonNode v2 = call(kith, "PUT", "/api/v1/segments/buyers", "{\"name\":\"Buyers over 50\",\"condition\":\"max(properties.total of \\\"Order Completed\\\") > 50\"}", 200);
            assertThat(v2.path("version").asInt()).isEqualTo(2);
            eventually(() -> assertThat(members(kith, "buyers")).containsExactlyInAnyOrder(ann, ben, survivor));
            assertThat(call(kith, "GET", "/api/v1/segments/buyers", null, 200).path("versions").size()).isEqualTo(2);
            assertThat(kith.app.store().segments().history(cat.equals(survivor) ? cat : eve)).isNotEmpty();

            String csv = call(kith, "GET", "/api/v1/segments/buyers/members?format=csv", null, 200).asText();
            assertThat(csv).startsWith("profile_id,email,phone,user_id,first_seen,last_seen\n").contains(ben + ",,,ben,");
            assertThat(call(kith, "GET", "/api/v1/segments/buyers/history", null, 200).path("points")).isNotEmpty();
            assertThat(call(kith, "GET", "/api/v1/segments", null, 200).path("segments").size()).isEqualTo(3);
            assertThat(kith.app.segments().orElseThrow().failure()).isNull();

            // the same from the command line, through the API
            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine cli = Main.commandLine();
            java.io.PrintStream stdout = System.out;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                cli.setErr(new java.io.PrintWriter(out));
                assertThat(cli.execute("segments", "list", "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(cli.execute("segments", "validate", "performed \"Order Complete\"", "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY))
                        .isEqualTo(1);
                assertThat(cli.execute("segments", "members", "buyers", "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(cli.execute("segments", "create", "cli-buyers", "count(\"Order Completed\") >= 1", "--name", "CLI buyers",
                        "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(cli.execute("segments", "update", "cli-buyers", "count(\"Order Completed\") >= 2",
                        "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
            } finally {
                System.setOut(stdout);
            }
            String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(kith.app.store().segments().latest("cli-buyers").orElseThrow().version()).isEqualTo(2);
            assertThat(printed).contains("cart-abandoned-3d").contains("big-buyers").contains("1:").contains("Order Completed").contains(ben + ",,,ben,");
        }
    }
}
