package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.event.QuarantinedEvent;
import io.kith.event.StoredEvent;
import io.kith.identity.Identifier;
import io.kith.imports.ImportMapping;
import io.kith.imports.ImportReport;
import io.kith.testkit.Sources;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Erasure end to end, on each store: a person known through several sources, with retries and a quarantined payload, is
 * erased through the regulations API; then nothing of them is found in the API, the store or the bytes of the event log;
 * the same identifiers sent again through the collection API and the importer are not kept; and after a restart (and the
 * rebuild it makes) no file of the data directory holds them.
 */
class ErasureIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the person is known by: none of it may be left. */
    private static final List<String> ADA = List.of("ada.lovelace@example.org", "ada-77", "ada-cookie-1", "Augusta", "7700900123");
    private static final String ADMIN = "Bearer " + RunningKith.ADMIN_KEY;

    private static final String ADA_EVENTS = """
            {"type":"identify","messageId":"ada-1","userId":"ada-77","traits":{"email":"Ada.Lovelace@example.org","first_name":"Augusta","phone":"+44 7700 900123"},"timestamp":"2026-03-01T10:00:00Z"},
            {"type":"page","messageId":"ada-2","anonymousId":"ada-cookie-1","name":"Home","timestamp":"2026-03-01T10:05:00Z"},
            {"type":"identify","messageId":"ada-3","anonymousId":"ada-cookie-1","userId":"ada-77","timestamp":"2026-03-01T10:06:00Z"},
            {"type":"track","messageId":"ada-4","userId":"ada-77","event":"Order Completed","properties":{"order_id":"o-1","revenue":19.90},"timestamp":"2026-03-01T10:10:00Z"},
            {"type":"track","messageId":"ada-5","userId":"ada-77","event":"","timestamp":"2026-03-01T10:11:00Z"}""";
    private static final String BOB_EVENTS = """
            {"type":"identify","messageId":"bob-1","userId":"bob-12","traits":{"email":"bob@example.net","first_name":"Robert"},"timestamp":"2026-03-01T11:00:00Z"},
            {"type":"track","messageId":"bob-2","userId":"bob-12","event":"Order Completed","properties":{"revenue":5},"timestamp":"2026-03-01T11:10:00Z"}""";

    private static void send(RunningKith kith, String batch) throws Exception {
        HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}")
                .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static JsonNode awaitFinished(RunningKith kith, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = JSON.readTree(kith.send(kith.get("/api/v1/regulations/" + id).header("Authorization", ADMIN)).body());
            String status = r.path("overallStatus").asText();
            if (status.equals("FINISHED") || status.equals("FAILED")) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("regulation " + id + " did not finish within 90 s");
    }

    @Test
    void anErasedPersonIsGoneFromTheApiTheStoreAndTheBytesAndStaysGone() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            Path dir = kith.dir;
            send(kith, ADA_EVENTS + "," + BOB_EVENTS);
            send(kith, ADA_EVENTS); // a client's retry: the same messageIds again
            kith.storedEvents();
            assertThat(lookup(kith, "email", "ada.lovelace@example.org").statusCode()).isEqualTo(200);
            assertThat(logHolds(dir, "ada.lovelace")).isTrue();

            // Subject access first: everything held about her, as JSON and as CSV.
            JsonNode export = JSON.readTree(kith.send(kith.get("/api/v1/privacy/export?subjectType=email&subjectId=ada.lovelace%40example.org")
                    .header("Authorization", ADMIN)).body());
            assertThat(export.path("events")).as(export.toString()).hasSize(4);
            assertThat(export.path("identifiers").findValuesAsText("value")).contains("ada.lovelace@example.org", "ada-77", "ada-cookie-1");
            assertThat(export.path("identifiers").findValuesAsText("sourceId")).containsOnly(Sources.WEB_SHOP.id());
            assertThat(export.path("traits").findValuesAsText("name")).contains("first_name", "email");
            assertThat(export.path("mergeHistory")).isNotEmpty();
            String csv = kith.send(kith.get("/api/v1/profiles/" + export.path("profileId").asText() + "/export?format=csv")
                    .header("Authorization", ADMIN)).body();
            assertThat(csv).startsWith("section,name,value,source,at\r\n").contains("identifier,email,ada.lovelace@example.org,src_webshop")
                    .contains("trait,first_name,Augusta");
            assertThat(kith.send(kith.get("/api/v1/privacy/export?subjectType=email&subjectId=nobody%40example.org")
                    .header("Authorization", ADMIN)).statusCode()).isEqualTo(404);

            // Refused: unknown type, unknown subject type, no subjects.
            assertThat(regulate(kith, "{\"regulationType\":\"FORGET\",\"subjectType\":\"email\",\"subjectIds\":[\"x\"]}").statusCode()).isEqualTo(400);
            assertThat(regulate(kith, "{\"regulationType\":\"DELETE_ONLY\",\"subjectType\":\"shoe_size\",\"subjectIds\":[\"x\"]}").statusCode()).isEqualTo(400);
            assertThat(regulate(kith, "{\"regulationType\":\"DELETE_ONLY\",\"subjectType\":\"email\",\"subjectIds\":[]}").statusCode()).isEqualTo(400);
            HttpResponse<String> accepted = regulate(kith,
                    "{\"regulationType\":\"SUPPRESS_WITH_DELETE\",\"subjectType\":\"email\",\"subjectIds\":[\"ADA.lovelace@example.org\"]}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = JSON.readTree(accepted.body()).path("id").asText();

            JsonNode done = awaitFinished(kith, id);
            assertThat(done.path("overallStatus").asText()).as(done.toString()).isEqualTo("FINISHED");
            JsonNode report = done.path("report");
            assertThat(report.path("subjectsFound").asInt()).isEqualTo(1);
            assertThat(report.path("events").asLong()).as("her four valid events, stored once").isEqualTo(4);
            assertThat(report.path("logRecords").asLong()).as("her events, their retries and her quarantined payloads").isEqualTo(10);
            assertNamesNone(done.toString()); // ids are random hex: "ada" alone could be in one

            assertGone(kith, dir);
            assertThat(lookup(kith, "email", "bob@example.net").statusCode()).isEqualTo(200);

            // Sent again through the collection API and the importer: answered, and not kept.
            long before = kith.app.log().endSequence();
            for (io.kith.source.Source source : RunningKith.SOURCES) { // web, app, POS, CRM, call centre
                HttpResponse<String> r = kith.send(kith.post("/v1/batch", "{\"batch\":[" + ADA_EVENTS.replace("\"ada-", "\"" + source.id() + "-ada-")
                        .replace(source.id() + "-ada-77", "ada-77").replace(source.id() + "-ada-cookie-1", "ada-cookie-1") + "]}")
                        .header("Authorization", RunningKith.basic(source.writeKey())));
                assertThat(r.statusCode()).as(source.id()).isEqualTo(200);
            }
            assertThat(kith.app.log().endSequence() - before).as("nothing of it is logged, not even the invalid one in the quarantine").isZero();
            Path file = dir.resolve("again.jsonl");
            Files.writeString(file, "{\"type\":\"identify\",\"messageId\":\"imp-1\",\"userId\":\"someone-new\",\"traits\":{\"email\":\"ada.lovelace@EXAMPLE.org\"},"
                    + "\"timestamp\":\"2026-03-02T10:00:00Z\"}\n");
            ImportReport imported = ImportCommand.importFile(kith.app.log(), kith.app.cards(), kith.app.suppressions(), file, ImportMapping.segment(),
                    Sources.CRM, io.kith.imports.ImportProgress.NONE);
            assertThat(imported.eventsSuppressed()).isEqualTo(1);
            kith.storedEvents();
            assertGone(kith, dir);
            // The list shows the request; nothing in it names her.
            String list = kith.send(kith.get("/api/v1/regulations").header("Authorization", ADMIN)).body();
            assertThat(list).contains(id);
            assertNamesNone(list);
            // The audit log: who read her data and who asked for the erasure, and that it was carried out — by ids, never her data.
            kith.app.auditTrail().flush();
            JsonNode audit = JSON.readTree(kith.send(kith.get("/api/v1/audit?limit=1000").header("Authorization", ADMIN)).body());
            List<String> actions = audit.path("entries").findValuesAsText("action");
            assertThat(actions).contains("GET /api/v1/privacy/export", "GET /api/v1/profiles/{id}/export", "POST /api/v1/regulations",
                    "regulation SUPPRESS_WITH_DELETE FINISHED");
            assertThat(audit.path("entries").findValuesAsText("target")).contains(id, export.path("profileId").asText());
            assertThat(audit.path("entries").findValuesAsText("actor")).contains("key:admin", "kith");
            assertThat(audit.toString()).doesNotContainIgnoringCase("ada.lovelace").doesNotContain("ada-77");
            assertThat(kith.send(kith.get("/api/v1/audit").header("Authorization", "Bearer nope")).statusCode()).isEqualTo(401);

            // A restart rebuilds identity from the store, and writes the DuckDB file anew.
            kith.app.close();
            try (RunningKith again = new RunningKith(KithApp.start(kith.app.settings()))) {
                again.storedEvents();
                assertGone(again, dir);
                assertThat(lookup(again, "email", "bob@example.net").statusCode()).isEqualTo(200);
                if (!TestStores.onPostgres()) {
                    assertThat(filesHolding(dir)).as("files of the data directory holding her data after the restart").isEmpty();
                }
            }
        }
    }

    /** Suppression without deletion, and lifting it, through the command line: what is held stays, what comes is kept out, then in. */
    @Test
    void suppressOnlyKeepsNewEventsOutUntilUnsuppressedThroughTheCommandLine() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            send(kith, BOB_EVENTS);
            kith.storedEvents();
            picocli.CommandLine cli = Main.commandLine();
            java.io.PrintStream stdout = System.out;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertThat(cli.execute("regulations", "create", "--type", "SUPPRESS_ONLY", "--subject-type", "USER_ID", "bob-12", "--wait",
                        "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(captured.toString(StandardCharsets.UTF_8)).contains("\"overallStatus\" : \"FINISHED\"").doesNotContain("bob");
                send(kith, "{\"type\":\"track\",\"messageId\":\"bob-3\",\"userId\":\"bob-12\",\"event\":\"Product Viewed\",\"timestamp\":\"2026-03-02T10:00:00Z\"}");
                assertThat(kith.storedEvents()).extracting(e -> e.event().messageId()).containsExactlyInAnyOrder("bob-1", "bob-2");
                assertThat(lookup(kith, "email", "bob@example.net").statusCode()).as("what was held stays").isEqualTo(200);

                assertThat(cli.execute("regulations", "create", "--type", "UNSUPPRESS", "--subject-type", "USER_ID", "bob-12", "--wait",
                        "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                send(kith, "{\"type\":\"track\",\"messageId\":\"bob-4\",\"userId\":\"bob-12\",\"event\":\"Product Viewed\",\"timestamp\":\"2026-03-02T11:00:00Z\"}");
                assertThat(kith.storedEvents()).extracting(e -> e.event().messageId()).containsExactlyInAnyOrder("bob-1", "bob-2", "bob-4");
                assertThat(cli.execute("regulations", "list", "--url", kith.url(""), "--key", RunningKith.ADMIN_KEY)).isZero();
                assertThat(captured.toString(StandardCharsets.UTF_8)).contains("SUPPRESS_ONLY", "UNSUPPRESS");
            } finally {
                System.setOut(stdout);
            }
        }
    }

    /** None of the person's values (in any case) is in {@code text}. */
    private static void assertNamesNone(String text) {
        for (String v : ADA) {
            assertThat(text).doesNotContainIgnoringCase(v);
        }
        assertThat(text).doesNotContainIgnoringCase("lovelace");
    }

    private static HttpResponse<String> regulate(RunningKith kith, String body) throws Exception {
        return kith.send(kith.post("/api/v1/regulations", body).header("Authorization", ADMIN));
    }

    private static HttpResponse<String> lookup(RunningKith kith, String type, String value) throws Exception {
        return kith.send(kith.get("/api/v1/profiles/lookup?type=" + type + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                .header("Authorization", ADMIN));
    }

    private static void assertGone(RunningKith kith, Path dir) throws Exception {
        for (String[] id : new String[][] {{"email", "ada.lovelace@example.org"}, {"user_id", "ada-77"}, {"anonymous_id", "ada-cookie-1"}}) {
            assertThat(lookup(kith, id[0], id[1]).statusCode()).as(id[1]).isEqualTo(404);
            java.util.Optional<String> inMemory = kith.app.identity().read(g -> g.lookup(new Identifier(id[0], id[1])));
            assertThat(inMemory).isEmpty();
        }
        List<StoredEvent> stored = kith.storedEvents();
        assertThat(stored).extracting(e -> e.event().messageId()).containsExactlyInAnyOrder("bob-1", "bob-2");
        assertThat(kith.app.store().quarantine().list(null, null, 100)).extracting(QuarantinedEvent::raw)
                .noneMatch(raw -> ADA.stream().anyMatch(v -> raw.toLowerCase().contains(v.toLowerCase())));
        assertThat(logHolds(dir, "ada.lovelace") || logHolds(dir, "ada-77") || logHolds(dir, "ada-cookie-1") || logHolds(dir, "Augusta"))
                .as("the event log's bytes").isFalse();
    }

    private static boolean logHolds(Path dir, String text) throws Exception {
        return !holding(dir.resolve("data").resolve("log"), List.of(text)).isEmpty();
    }

    private static List<Path> filesHolding(Path dir) throws Exception {
        return holding(dir.resolve("data"), ADA);
    }

    private static List<Path> holding(Path root, List<String> texts) throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).toLowerCase();
                if (texts.stream().anyMatch(t -> bytes.contains(t.toLowerCase()))) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
