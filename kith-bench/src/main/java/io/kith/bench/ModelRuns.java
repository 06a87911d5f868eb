package io.kith.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Has a bench's server run every model on its whole data, through the API, before anything is measured. A fresh server
 * runs every model 10 minutes after its start, maybe before the bench's data was in: such a run is let finish, then every
 * model is asked to run again. A run of every model puts the next daily one a day later, so a server started on a copy of
 * the set-up has none due while it is measured.
 */
final class ModelRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelRuns() {
    }

    /**
     * The models' states once every one ran on the whole data; empty when that took longer than {@code wait}.
     *
     * @param dataIn when the bench's data was all in: a run under way that started later is the one waited for, and no
     *               other is asked for
     */
    static java.util.Optional<List<JsonNode>> runAll(HttpClient http, String base, String adminKey, Duration wait, Instant dataIn) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        List<JsonNode> now = models(http, base, adminKey);
        while (!now.stream().allMatch(m -> m.path("state").asText().equals("idle")) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            now = models(http, base, adminKey);
        }
        if (now.stream().allMatch(m -> m.path("runs").path(0).path("savedAt").isTextual()
                && !Instant.parse(m.path("runs").path(0).path("savedAt").asText()).isBefore(dataIn))) {
            return java.util.Optional.of(now); // the server's own daily run came after the data was in
        }
        Instant asked = Instant.now();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/run")).header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/models/run was answered " + r.statusCode() + ": " + r.body());
        }
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            List<JsonNode> states = models(http, base, adminKey);
            if (states.stream().allMatch(m -> m.path("state").asText().equals("idle") && m.path("lastRunAt").isTextual()
                    && !Instant.parse(m.path("lastRunAt").asText()).isBefore(asked))) {
                return java.util.Optional.of(states);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether no model's last run failed. */
    static boolean noneFailed(List<JsonNode> states) {
        return states.stream().allMatch(m -> m.path("lastError").isNull() || m.path("lastError").isMissingNode());
    }

    /** Each model's state, as {@code GET /api/v1/models} gives it. */
    private static List<JsonNode> models(HttpClient http, String base, String adminKey) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models")).header("Authorization", "Bearer " + adminKey).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode list = JSON.readTree(body).path("models");
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        if (out.isEmpty()) {
            throw new IllegalStateException("GET /api/v1/models listed no model: " + body);
        }
        return out;
    }
}
